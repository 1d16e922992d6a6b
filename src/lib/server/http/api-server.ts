/**
 * Every /api call, answered from node:http before SvelteKit (which keeps the pages and their form actions): find
 * the endpoint in the API table, authenticate, validate the path, query and body with its schemas, run its
 * handler (through the idempotency store when the write carries a key) and send the answer with the security
 * headers every answer carries. Any error becomes the API's error shape in one place (errors.ts). Reads go out
 * compressed when the client asks; writes answer a few hundred bytes and skip it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import compression from 'compression';
import { IDEMPOTENCY_HEADER, requestParams } from '../../shared/schemas/api';
import type { Ctx } from '../context';
import {
	MethodNotAllowedError,
	NotFoundError,
	ValidationError,
	parse,
	toErrorResponse,
	validationErrorFrom
} from '../errors';
import { apiTable } from './api-table';
import { RawReply, type Endpoint } from './endpoint';
import { idempotent } from './idempotency';
import { assertJsonRequest, isFormWrite, parseJsonText, readBodyText } from './json-body';
import { authenticate, SessionEnded } from './request-auth';
import { createRouter, type RouteMatch } from './router';
import { securityHeaders } from './security-headers';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const compress = compression({ threshold: 1024 }) as unknown as (
	req: IncomingMessage,
	res: ServerResponse,
	next: () => void
) => void;

export const isApiPath = (url: string | undefined) => url === '/api' || Boolean(url?.startsWith('/api/'));

/** Returns a handler that answers an /api request and says so, or leaves any other request alone. */
export function apiServer(
	ctx: Ctx,
	table: readonly Endpoint[] = apiTable
): (req: IncomingMessage, res: ServerResponse) => boolean {
	const route = createRouter(table);
	const serve: Handler = (req, res) => void answer(ctx, route, req, res);
	return (req, res) => {
		if (!isApiPath(req.url)) return false;
		if (req.method === 'GET' || req.method === 'HEAD') compress(req, res, () => serve(req, res));
		else serve(req, res);
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
		const url = new URL(req.url ?? '/', 'http://api.invalid');
		const match = route(method, url.pathname);
		if (!match)
			throw new NotFoundError({ reason: 'errors.noSuchEndpoint', params: { method, path: url.pathname } });
		if ('allow' in match) throw new MethodNotAllowedError(method, match.allow);
		if (isFormWrite(method, req.headers['content-type']))
			throw new ValidationError({ reason: 'errors.bodyNotJson' });
		const { endpoint: e } = match;
		const query = plainQuery(match.params, url.searchParams);

		const auth = e.public ? null : await authenticate(ctx, req);
		setCookie = auth?.setCookie;
		const params = e.params ? parse(e.params, match.params) : {};
		const queryInput = e.query ? parse(e.query, query) : {};
		let text = '';
		let body: unknown;
		if (e.body) {
			assertJsonRequest(req.headers['content-type'], Number(req.headers['content-length'] ?? 0));
			text = await readBodyText(req);
			body = parse(e.body, parseJsonText(text));
		}
		const run = async (c: Ctx) => {
			const call = {
				ctx: c,
				actor: auth?.actor ?? null,
				params,
				query: queryInput,
				body,
				headers: req.headers
			};
			return asReply(e, await e.handle(call as never));
		};
		const key = req.headers[IDEMPOTENCY_HEADER.toLowerCase()];
		reply =
			e.idempotent && auth && typeof key === 'string'
				? await idempotent(ctx, auth.actor, { key, method, path: url.pathname, body: text }, run)
				: await run(ctx);
	} catch (err) {
		if (err instanceof SessionEnded) setCookie = err.setCookie;
		const { status, body, headers } = toErrorResponse(err);
		reply = new RawReply(status, { ...headers, 'content-type': 'application/json' }, JSON.stringify(body));
	}
	send(res, reply, setCookie);
}

/**
 * The query as the endpoint's schema reads it (a repeated name: its last value), after checking that no path
 * parameter or query value holds a control character, whichever endpoint it is for.
 */
function plainQuery(params: Record<string, string>, search: URLSearchParams): Record<string, string> {
	const names = [...new Set(search.keys())];
	const checked = requestParams.safeParse({
		path: params,
		query: Object.fromEntries(names.map((n) => [n, search.getAll(n)]))
	});
	if (!checked.success) throw validationErrorFrom(checked.error);
	return Object.fromEntries(search);
}

function asReply(e: Endpoint, out: unknown): RawReply {
	if (out instanceof RawReply) return out;
	return new RawReply(e.ok.status ?? 200, { 'content-type': 'application/json' }, JSON.stringify(out));
}

function send(res: ServerResponse, reply: RawReply, setCookie: string | undefined): void {
	if (res.writableEnded || res.destroyed) return;
	const headers: Record<string, string | number> = { ...securityHeaders(), ...reply.headers };
	if (reply.body !== null) headers['content-length'] = Buffer.byteLength(reply.body);
	if (setCookie) headers['set-cookie'] = setCookie;
	res.writeHead(reply.status, headers);
	res.end(reply.body ?? undefined);
}
