/**
 * Requests Node's HTTP parser refuses before any handler sees them (a request line or headers over its 16 KB
 * limit, bytes that are not HTTP), answered in the API's error shape rather than Node's bare status line with an
 * empty body, so a client reads why whatever it sent. Timeouts keep Node's own answer.
 */
import type { Duplex } from 'node:stream';
import { DomainError, ValidationError, toErrorResponse } from '../errors';

const TIMEOUT = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n';

/** The raw HTTP answer to a request the parser refused with `code` (e.g. HPE_HEADER_OVERFLOW). */
export function clientErrorResponse(code: string | undefined): string {
	if (code === 'ERR_HTTP_REQUEST_TIMEOUT' || code === 'HPE_HEADERS_TIMEOUT') return TIMEOUT;
	const refusal =
		code === 'HPE_HEADER_OVERFLOW'
			? new DomainError('payload_too_large', 431, { reason: 'errors.headersTooLarge' })
			: new ValidationError({ reason: 'errors.requestMalformed' });
	const { status, body } = toErrorResponse(refusal);
	const text = JSON.stringify(body);
	const reason = status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
	return (
		`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\n` +
		`Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`
	);
}

/** An http server's `clientError` listener: answers as above when nothing was written yet, then closes. */
export function answerClientError(
	err: Error & { code?: string },
	socket: Duplex & { bytesWritten?: number }
): void {
	if (err.code === 'ECONNRESET' || !socket.writable || socket.bytesWritten) {
		socket.destroy();
		return;
	}
	socket.end(clientErrorResponse(err.code));
}
