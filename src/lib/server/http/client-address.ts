/**
 * The address a request came from, by the same rule adapter-node applies for SvelteKit's getClientAddress():
 * behind a proxy, ADDRESS_HEADER names the header that carries it, and for X-Forwarded-For XFF_DEPTH says how many
 * proxies (counted from the right) to trust. Used where SvelteKit is not in the way: the lean script endpoints
 * and the socket handshake.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { env } from '../env';

export function addressFrom(headers: IncomingHttpHeaders, remoteAddress: string | undefined): string | null {
	const { ADDRESS_HEADER: header, XFF_DEPTH: depth } = env();
	if (!header) return remoteAddress ?? null;
	const value = headers[header.toLowerCase()];
	const text = Array.isArray(value) ? value.join(',') : value;
	if (!text) return null;
	if (header.toLowerCase() !== 'x-forwarded-for') return text.trim();
	const hops = text.split(',').map((h) => h.trim());
	return hops[Math.max(0, hops.length - depth)] ?? null;
}

export const clientAddress = (req: { headers: IncomingHttpHeaders; socket: { remoteAddress?: string } }) =>
	addressFrom(req.headers, req.socket.remoteAddress);
