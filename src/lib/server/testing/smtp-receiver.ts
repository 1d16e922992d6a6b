/**
 * An SMTP server on a real port (the smtp-server package), for tests of what golive mails: it accepts every
 * message without authentication and keeps each with its headers and its text and HTML parts decoded.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
	to: string[];
	raw: string;
	/** Header names in lower case, values unfolded and decoded (RFC 2047). */
	headers: Map<string, string>;
	text: string | null;
	html: string | null;
	/** The iCalendar part (text/calendar), if the mail has one. */
	calendar: string | null;
}

export class SmtpReceiver {
	readonly received: ReceivedMail[] = [];
	#server: SMTPServer | null = null;
	#waiters: { count: number; resolve: () => void }[] = [];

	/** `onMail`: told of each mail as it arrives (to hand it to another process). */
	constructor(private readonly onMail?: (mail: ReceivedMail) => void) {}

	/** Listens on `port` of 127.0.0.1 (0: any free port). */
	async start(port = 0): Promise<this> {
		this.#server = new SMTPServer({
			authOptional: true,
			disabledCommands: ['STARTTLS', 'AUTH'],
			logger: false,
			onData: (stream, session, done) => {
				const chunks: Buffer[] = [];
				stream.on('data', (c: Buffer) => chunks.push(c));
				stream.on('end', () => {
					const raw = Buffer.concat(chunks).toString('utf8');
					const mail = { ...parseMail(raw), to: session.envelope.rcptTo.map((r) => r.address) };
					this.received.push(mail);
					this.onMail?.(mail);
					this.#waiters = this.#waiters.filter((w) =>
						w.count <= this.received.length ? (w.resolve(), false) : true
					);
					done();
				});
			}
		});
		await new Promise<void>((resolve) => this.#server!.listen(port, '127.0.0.1', resolve));
		return this;
	}

	get url(): string {
		const { port } = this.#server!.server.address() as AddressInfo;
		return `smtp://127.0.0.1:${port}`;
	}

	/** Resolves once `count` mails have arrived in all. */
	receivedCount(count: number): Promise<void> {
		if (this.received.length >= count) return Promise.resolve();
		return new Promise((resolve) => this.#waiters.push({ count, resolve }));
	}

	async stop(): Promise<void> {
		await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
	}
}

function decodeWords(value: string): string {
	return value
		.replace(/\?=\s+=\?/g, '?==?')
		.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, kind: string, text: string) =>
			kind.toUpperCase() === 'B'
				? Buffer.from(text, 'base64').toString('utf8')
				: decodeQp(text.replace(/_/g, ' '))
		);
}

function decodeQp(text: string): string {
	const bytes: number[] = [];
	const source = text.replace(/=\r?\n/g, '');
	for (let i = 0; i < source.length; i++) {
		if (source[i] === '=' && /^[0-9A-F]{2}$/i.test(source.slice(i + 1, i + 3))) {
			bytes.push(parseInt(source.slice(i + 1, i + 3), 16));
			i += 2;
		} else bytes.push(...Buffer.from(source[i], 'utf8'));
	}
	return Buffer.from(bytes).toString('utf8');
}

function splitHead(raw: string): { headers: Map<string, string>; body: string } {
	const at = raw.indexOf('\r\n\r\n');
	const head = at < 0 ? raw : raw.slice(0, at);
	const headers = new Map<string, string>();
	for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
		const colon = line.indexOf(':');
		if (colon > 0)
			headers.set(line.slice(0, colon).trim().toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
	}
	return { headers, body: at < 0 ? '' : raw.slice(at + 4) };
}

function parseMail(raw: string): Omit<ReceivedMail, 'to'> {
	const { headers, body } = splitHead(raw);
	const parts: { type: string; text: string }[] = [];
	const walk = (h: Map<string, string>, content: string) => {
		const type = h.get('content-type') ?? 'text/plain';
		const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
		if (boundary) {
			for (const part of content.split(`--${boundary}`).slice(1, -1)) {
				const inner = splitHead(part.replace(/^\r\n/, ''));
				walk(inner.headers, inner.body);
			}
			return;
		}
		const encoding = (h.get('content-transfer-encoding') ?? '').toLowerCase();
		const text =
			encoding === 'base64'
				? Buffer.from(content, 'base64').toString('utf8')
				: encoding === 'quoted-printable'
					? decodeQp(content)
					: content;
		parts.push({ type: type.split(';')[0].trim().toLowerCase(), text });
	};
	walk(headers, body);
	return {
		raw,
		headers,
		text: parts.find((p) => p.type === 'text/plain')?.text ?? null,
		html: parts.find((p) => p.type === 'text/html')?.text ?? null,
		calendar: parts.find((p) => p.type === 'text/calendar')?.text ?? null
	};
}
