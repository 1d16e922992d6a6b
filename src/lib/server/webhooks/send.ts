/**
 * One attempt to deliver one message: a signed POST with a timeout, never following redirects. A 2xx is success;
 * any other answer, a timeout or a network error is a failure. The response's first bytes are kept for the log.
 */
import { performance } from 'node:perf_hooks';
import { signature } from './signature';

/** How much of a response the delivery log keeps. */
export const RESPONSE_EXCERPT_BYTES = 500;

export interface WebhookMessage {
	/** `webhook-id`: the same for every attempt of one message. */
	id: string;
	type: string;
	/** The JSON body, as signed. */
	body: string;
}

export interface AttemptResult {
	ok: boolean;
	statusCode: number | null;
	durationMs: number;
	error: string | null;
	response: string | null;
}

export async function sendMessage(
	target: { url: string; secret: string },
	message: WebhookMessage,
	nowMs: number,
	timeoutMs: number
): Promise<AttemptResult> {
	const timestamp = Math.floor(nowMs / 1000);
	const started = performance.now();
	const took = () => Math.round(performance.now() - started);
	try {
		const res = await fetch(target.url, {
			method: 'POST',
			redirect: 'manual',
			signal: AbortSignal.timeout(timeoutMs),
			headers: {
				'content-type': 'application/json',
				'user-agent': 'golive-webhooks',
				'webhook-id': message.id,
				'webhook-timestamp': String(timestamp),
				'webhook-signature': signature(target.secret, message.id, timestamp, message.body)
			},
			body: message.body
		});
		const response = await excerpt(res);
		const ok = res.status >= 200 && res.status < 300;
		return {
			ok,
			statusCode: res.status,
			durationMs: took(),
			error: ok ? null : `HTTP ${res.status}`,
			response
		};
	} catch (err) {
		return {
			ok: false,
			statusCode: null,
			durationMs: took(),
			error: describe(err, timeoutMs),
			response: null
		};
	}
}

/** The first bytes of a response's body, as text; the rest is not read. */
async function excerpt(res: Response): Promise<string | null> {
	if (!res.body) return null;
	const reader = res.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		while (size < RESPONSE_EXCERPT_BYTES) {
			const { done, value } = await reader.read();
			if (done) break;
			chunks.push(value);
			size += value.byteLength;
		}
	} finally {
		void reader.cancel().catch(() => {});
	}
	const bytes = Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES);
	return bytes.length ? new TextDecoder().decode(bytes) : null;
}

function describe(err: unknown, timeoutMs: number): string {
	if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'))
		return `no answer within ${timeoutMs / 1000} s`;
	const cause =
		err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined;
	return (cause?.code ?? cause?.message ?? String(err)).slice(0, 300);
}
