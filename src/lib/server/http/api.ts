/** The HTTP transport's one mapping of domain errors, and the helpers every JSON endpoint reads with. */
import { json, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import type { Actor } from '../auth/actor';
import { PayloadTooLargeError, UnauthenticatedError, parse, toErrorResponse } from '../errors';
import { assertJsonRequest, parseJsonText } from './json-body';

/** Runs an endpoint body and turns any thrown error into `{ error: { code, message, details? } }`. */
export async function api(run: () => Promise<Response>): Promise<Response> {
	try {
		return await run();
	} catch (err) {
		const { status, body, headers } = toErrorResponse(err);
		return json(body, { status, headers });
	}
}

export function requireActor(event: RequestEvent): Actor {
	if (!event.locals.actor) throw new UnauthenticatedError({ reason: 'errors.sendCredentials' });
	return event.locals.actor;
}

/** Reads and validates a JSON body; bad JSON, a wrong content type or an oversized body is a 4xx. */
export async function readJson<S extends z.ZodType>(event: RequestEvent, schema: S): Promise<z.output<S>> {
	const headers = event.request.headers;
	assertJsonRequest(headers.get('content-type'), Number(headers.get('content-length') ?? 0));
	let text: string;
	try {
		text = await event.request.text();
	} catch {
		throw new PayloadTooLargeError();
	}
	return parse(schema, parseJsonText(text));
}

/** Validates the route's path parameters with the same schemas as the bodies (e.g. `slug`, `key`). */
export function readParams<S extends z.ZodType>(event: RequestEvent, schema: S): z.output<S> {
	return parse(schema, event.params);
}

export function readQuery<S extends z.ZodType>(event: RequestEvent, schema: S): z.output<S> {
	return parse(schema, Object.fromEntries(event.url.searchParams));
}

export const created = (data: unknown) => json(data, { status: 201 });

/**
 * A read that a client may revalidate: with its entity tag, and `no-cache` so every reuse is checked first; a
 * null body means the client's copy is current (304, nothing sent).
 */
export function revalidated(tag: string, body: unknown | null): Response {
	const headers = revalidation(tag);
	return body === null ? new Response(null, { status: 304, headers }) : json(body, { headers });
}

/** The compression a client accepts that golive prefers (br, then gzip), or null for none. */
export function acceptedEncoding(header: string | null): 'br' | 'gzip' | null {
	const accepted = new Set(
		(header ?? '')
			.split(',')
			.map((part) => part.trim().split(';'))
			.filter(([, q]) => !q || Number(q.trim().replace(/^q=/, '')) > 0)
			.map(([name]) => name.trim().toLowerCase())
	);
	return accepted.has('br') ? 'br' : accepted.has('gzip') ? 'gzip' : null;
}

/** A revalidatable answer whose body was encoded once for everyone (the compression middleware leaves it alone). */
export function revalidatedBytes(
	tag: string,
	body: { bytes: Buffer | string; encoding: 'br' | 'gzip' | null }
): Response {
	const headers: Record<string, string> = {
		...revalidation(tag),
		'content-type': 'application/json',
		vary: 'accept-encoding'
	};
	if (body.encoding) headers['content-encoding'] = body.encoding;
	const bytes =
		typeof body.bytes === 'string'
			? body.bytes
			: new Uint8Array(body.bytes.buffer as ArrayBuffer, body.bytes.byteOffset, body.bytes.byteLength);
	return new Response(bytes, { headers });
}

const revalidation = (tag: string) => ({ etag: tag, 'cache-control': 'private, no-cache' });
