/** The JSON request body rules every endpoint shares: content type, size, syntax (framework-free). */
import { PayloadTooLargeError, ValidationError } from '../errors';

export const MAX_JSON_BYTES = 5_000_000;

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
