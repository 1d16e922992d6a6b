/**
 * Every /api call, answered from node:http before SvelteKit (which keeps the pages and their form actions): find
 * the endpoint in the API table, authenticate, validate the path, query and body with its schemas, run its
 * handler (through the idempotency store when the write carries a key) and send the answer with the security
 * headers every answer carries. Any error becomes the API's error shape in one place (errors.ts). Reads go out
 * compressed when the client asks; writes answer a few hundred bytes and skip it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { can } from '../../shared/roles';
import { IDEMPOTENCY_HEADER } from '../../shared/schemas/api';
import { isSingleLine } from '../../shared/schemas/common';
import { requireReader } from '../auth/actor';
import type { Ctx } from '../context';
import { MethodNotAllowedError, NotFoundError, ValidationError, parse } from '../errors';
import { apiTable } from './api-table';
import { RawReply, errorReply, jsonReply, type Endpoint } from './endpoint';
import { idempotent } from './idempotency';
import { assertJsonRequest, isFormWrite, parseJsonText, readBodyText, readFileBody } from './json-body';
import { assertPlainParams } from './plain-params';
import { clientAddress } from './client-address';
import { authenticate, SessionEnded } from './request-auth';
import { acceptedEncoding } from './revalidation';
import { createRouter, type RouteMatch } from './router';
import { securityHeaders } from './security-headers';
import { requestIdOf } from '../observability/log';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);
/** Below this, compressing costs more than the bytes it saves. */
const COMPRESS_FROM_BYTES = 1024;

export const isApiPath = (url: string | undefined) => url === '/api' || Boolean(url?.startsWith('/api/'));

/** Returns a handler that answers an /api request and says so, or leaves any other request alone. */
export function apiServer(
	ctx: Ctx,
	table: readonly Endpoint[] = apiTable
): (req: IncomingMessage, res: ServerResponse) => boolean {
	const route = createRouter(table);
	return (req, res) => {
		if (!isApiPath(req.url)) return false;
		void answer(ctx, route, req, res);
		return true;
	};
}

async function answer(
	ctx: Ctx,
	route: (method: string, pathname: string) => RouteMatch,
	req: IncomingMessage,
	res: ServerResponse
): Promise<void> {
	let reply: RawReply;
	let setCookie: string | undefined;
	try {
		const method = req.method ?? 'GET';
		const target = req.url ?? '/';
		const at = target.indexOf('?');
		const pathname = at < 0 ? target : target.slice(0, at);
		const match = route(method, pathname);
		if (!match)
			throw new NotFoundError({ reason: 'errors.noSuchEndpoint', params: { method, path: pathname } });
		if ('allow' in match) throw new MethodNotAllowedError(method, match.allow);
		if (isFormWrite(method, req.headers['content-type']))
			throw new ValidationError({ reason: 'errors.bodyNotJson' });
		const { endpoint: e } = match;
		const query = plainQuery(match.params, at < 0 ? null : new URLSearchParams(target.slice(at + 1)));

		const auth = e.public ? null : await authenticate(ctx, req);
		setCookie = auth?.setCookie;
		// A feed-only token (metrics) may make its own writes and nothing else, reads included.
		if (auth && !(e.access && can(auth.actor.role, e.access.permission))) requireReader(auth.actor);
		const params = e.params ? parse(e.params, match.params) : {};
		const queryInput = e.query ? parse(e.query, query) : {};
		let text = '';
		let body: unknown;
		if (e.body) {
			assertJsonRequest(req.headers['content-type'], Number(req.headers['content-length'] ?? 0));
			text = await readBodyText(req);
			body = parse(e.body, parseJsonText(text));
		}
		const file = e.file ? await readFileBody(req, e.file) : null;
		const run = async (c: Ctx) => {
			const call = {
				ctx: c,
				actor: auth?.actor ?? null,
				params,
				query: queryInput,
				body,
				file,
				headers: req.headers,
				address: clientAddress(req)
			};
			return asReply(e, await e.handle(call as never));
		};
		const key = req.headers[IDEMPOTENCY_HEADER.toLowerCase()];
		reply =
			e.idempotent && auth && typeof key === 'string'
				? await idempotent(ctx, auth.actor, { key, method, path: pathname, body: text }, run)
				: await run(ctx);
	} catch (err) {
		if (err instanceof SessionEnded) setCookie = err.setCookie;
		reply = errorReply(err, requestIdOf(req.headers));
	}
	await send(req, res, reply, setCookie);
}

/**
 * The query as the endpoint's schema reads it (a repeated name: its last value), after checking that no path
 * parameter or query value holds a control character, whichever endpoint it is for.
 */
function plainQuery(params: Record<string, string>, search: URLSearchParams | null): Record<string, string> {
	// The common case, no query and plain parameters, skips building the check's input.
	if (!search && Object.values(params).every(isSingleLine)) return {};
	assertPlainParams(params, search ?? new URLSearchParams());
	return search ? Object.fromEntries(search) : {};
}

function asReply(e: Endpoint, out: unknown): RawReply {
	return out instanceof RawReply ? out : jsonReply(e.ok.status ?? 200, out);
}

/**
 * Writes the answer with the security headers. A body of a kilobyte or more goes out compressed when the client
 * accepts it (br, then gzip), unless it comes encoded already; zlib runs on the libuv pool, off the event loop.
 */
async function send(
	req: IncomingMessage,
	res: ServerResponse,
	reply: RawReply,
	setCookie: string | undefined
): Promise<void> {
	const headers: Record<string, string | number> = { ...securityHeaders(), ...reply.headers };
	let body = reply.body;
	let length = body === null ? 0 : Buffer.byteLength(body);
	if (body !== null && !headers['content-encoding'] && length >= COMPRESS_FROM_BYTES) {
		const encoding = acceptedEncoding(req.headers['accept-encoding']);
		headers.vary = 'accept-encoding';
		if (encoding) {
			headers['content-encoding'] = encoding;
			body =
				encoding === 'br'
					? await brotliAsync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } })
					: await gzipAsync(body);
			length = body.length;
		}
	}
	if (body !== null) headers['content-length'] = length;
	if (setCookie) headers['set-cookie'] = setCookie;
	if (res.writableEnded || res.destroyed) return;
	res.writeHead(reply.status, headers);
	res.end(body ?? undefined);
}
