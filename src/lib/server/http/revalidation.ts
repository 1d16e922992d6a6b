/**
 * Reads a client may revalidate: each answer carries an entity tag and `no-cache`, so every reuse is checked
 * first, and a client whose copy is current gets a 304 with nothing in it.
 */
import { RawReply, jsonReply } from './endpoint';

/** The answer a revalidatable read documents beside its 200. */
export const NOT_MODIFIED = {
	status: 304,
	description: 'Not modified: If-None-Match names the current seq',
	empty: true
};

const revalidation = (tag: string) => ({ etag: tag, 'cache-control': 'private, no-cache' });

/** The answer, or a 304 when `body` is null (the client's copy is current). */
export function revalidated(tag: string, body: unknown | null): RawReply {
	return body === null ? new RawReply(304, revalidation(tag), null) : jsonReply(200, body, revalidation(tag));
}

/** A revalidatable answer whose body was encoded once for everyone (compression leaves an encoded body alone). */
export function revalidatedBytes(
	tag: string,
	body: { bytes: Buffer | string; encoding: 'br' | 'gzip' | null }
): RawReply {
	const headers: Record<string, string> = {
		...revalidation(tag),
		'content-type': 'application/json',
		vary: 'accept-encoding'
	};
	if (body.encoding) headers['content-encoding'] = body.encoding;
	return new RawReply(200, headers, body.bytes);
}

/** The compression a client accepts that golive prefers (br, then gzip), or null for none. */
export function acceptedEncoding(header: string | null | undefined): 'br' | 'gzip' | null {
	const accepted = new Set(
		(header ?? '')
			.split(',')
			.map((part) => part.trim().split(';'))
			.filter(([, q]) => !q || Number(q.trim().replace(/^q=/, '')) > 0)
			.map(([name]) => name.trim().toLowerCase())
	);
	return accepted.has('br') ? 'br' : accepted.has('gzip') ? 'gzip' : null;
}
