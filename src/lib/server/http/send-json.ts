import type { ServerResponse } from 'node:http';
import { securityHeaders } from './security-headers';

/**
 * A JSON answer from the node:http fast path (before SvelteKit), with the security headers every answer carries.
 * Nothing is written to a response that was already ended or whose client went away.
 */
export function sendJson(
	res: ServerResponse,
	{ status, body, headers = {} }: { status: number; body: unknown; headers?: Record<string, string> },
	withBody = true
): void {
	if (res.writableEnded || res.destroyed) return;
	const text = JSON.stringify(body);
	res.writeHead(status, {
		...securityHeaders(),
		...headers,
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(text)
	});
	res.end(withBody ? text : undefined);
}
