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
export async function readBodyText(req: IncomingMessage): Promise<string> {
	return (await readBodyBytes(req, MAX_JSON_BYTES)).toString('utf8');
}

/** A request's body, refused once it grows past `maxBytes`. */
export function readBodyBytes(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= maxBytes) chunks.push(chunk);
		});
		req.on('end', () =>
			size > maxBytes ? reject(new PayloadTooLargeError()) : resolve(Buffer.concat(chunks))
		);
		req.on('error', reject);
	});
}

/**
 * A file body (an import) of one of the endpoint's media types, within its size: the type without parameters,
 * and the bytes.
 */
export async function readFileBody(
	req: IncomingMessage,
	file: { contentTypes: readonly string[]; maxBytes: number }
): Promise<{ contentType: string; bytes: Buffer }> {
	const contentType = (req.headers['content-type'] ?? '').split(';', 1)[0].trim().toLowerCase();
	if (!file.contentTypes.includes(contentType))
		throw new ValidationError({
			reason: 'errors.bodyNotFile',
			params: { types: file.contentTypes.join(', ') }
		});
	if (Number(req.headers['content-length'] ?? 0) > file.maxBytes) throw new PayloadTooLargeError();
	return { contentType, bytes: await readBodyBytes(req, file.maxBytes) };
}
