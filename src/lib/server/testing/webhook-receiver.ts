/**
 * A webhook receiver on a real port: it verifies each request's signature with the official Standard Webhooks
 * library, records it, and answers with the status the test queued (200 once the queue is empty).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedMessage {
	headers: IncomingHttpHeaders;
	body: string;
	/** The body, parsed, once the library accepted its signature; null when it refused it. */
	verified: { type: string; timestamp: string; data: Record<string, unknown> } | null;
	answered: number;
}

export class WebhookReceiver {
	readonly received: ReceivedMessage[] = [];
	/** The statuses to answer, in order; then 200. */
	readonly answers: number[] = [];
	secret = '';
	#server: Server | null = null;
	#waiters: { count: number; resolve: () => void }[] = [];

	async start(): Promise<this> {
		this.#server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				const body = Buffer.concat(chunks).toString('utf8');
				const answered = this.answers.shift() ?? 200;
				this.received.push({
					headers: req.headers,
					body,
					verified: this.#verify(body, req.headers),
					answered
				});
				res.writeHead(answered, { 'content-type': 'text/plain' }).end(answered < 300 ? 'thanks' : 'not now');
				this.#waiters = this.#waiters.filter((w) =>
					w.count <= this.received.length ? (w.resolve(), false) : true
				);
			});
		});
		await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
		return this;
	}

	get url(): string {
		return `http://127.0.0.1:${(this.#server!.address() as AddressInfo).port}/hook`;
	}

	/** Resolves once `count` requests have arrived in all. */
	receivedCount(count: number): Promise<void> {
		if (this.received.length >= count) return Promise.resolve();
		return new Promise((resolve) => this.#waiters.push({ count, resolve }));
	}

	async stop(): Promise<void> {
		await new Promise((resolve) => this.#server?.close(resolve));
	}

	#verify(body: string, headers: IncomingHttpHeaders): ReceivedMessage['verified'] {
		try {
			return new Webhook(this.secret).verify(
				body,
				headers as Record<string, string>
			) as ReceivedMessage['verified'];
		} catch {
			return null;
		}
	}
}
