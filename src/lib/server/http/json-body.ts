/** The JSON request body rules every endpoint shares: content type, size, syntax (framework-free). */
import type { IncomingMessage } from 'node:http';
import { PayloadTooLargeError, ValidationError } from '../errors';

export const MAX_JSON_BYTES = 5_000_000;

/** The content types of HTML forms, which a browser sends cross-site without asking (and SvelteKit guards). */
const FORM_TYPES = new Set([
	'application/x-www-form-urlencoded',
	'multipart/form-data',
	'text/plain',
	'application/x-sveltekit-formdata'
]);

/** Whether a request writes with a form body: something the JSON API never takes. */
export function isFormWrite(method: string | undefined, contentType: string | null | undefined): boolean {
	if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return false;
	return FORM_TYPES.has((contentType ?? '').split(';', 1)[0].trim().toLowerCase());
}

export function assertJsonRequest(contentType: string | null | undefined, contentLength: number): void {
	if (!(contentType ?? '').includes('application/json'))
		throw new ValidationError({ reason: 'errors.bodyNotJson' });
	if (contentLength > MAX_JSON_BYTES) throw new PayloadTooLargeError();
}

export function parseJsonText(text: string): unknown {
	if (text.length > MAX_JSON_BYTES) throw new PayloadTooLargeError();
	try {
		return JSON.parse(text);
	} catch {
		throw new ValidationError({ reason: 'errors.bodyInvalidJson' });
	}
}

/** A request's body as text, refused once it grows past the limit (a client may lie about or omit its length). */
export function readBodyText(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= MAX_JSON_BYTES) chunks.push(chunk);
		});
		req.on('end', () =>
			size > MAX_JSON_BYTES
				? reject(new PayloadTooLargeError())
				: resolve(Buffer.concat(chunks).toString('utf8'))
		);
		req.on('error', reject);
	});
}
