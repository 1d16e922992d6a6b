/**
 * The calls scripts make many times a second, with a bearer token, served by the custom server straight from
 * node:http: a transfer's progress report (POST /api/v1/cutovers/{slug}/transfers/{key}/progress) and a task's
 * move (POST /api/v1/cutovers/{slug}/tasks/{key}/transition). SvelteKit's request handling (web Request and
 * Response objects, body streams, hooks, routing) cost about as much as the call itself. The same services,
 * schemas, token check and error mapping answer here as in the SvelteKit routes, which still serve calls that
 * come with a session cookie, and moves that carry an Idempotency-Key (the idempotency store lives there).
 *
 * Here too, before SvelteKit, a write to the API with a form body is refused as the API refuses any body that is
 * not JSON (400, in its error shape). SvelteKit's cross-site check would answer it with a 403 in a shape of its own;
 * such a request is refused either way, so nothing is let through that was not before. The health check
 * (health.ts) is answered here first, for anyone.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import type { Actor } from '../auth/actor';
import type { App } from '../app';
import type { Ctx } from '../context';
import { actorFromToken } from '../auth/auth.service';
import {
	PayloadTooLargeError,
	UnauthenticatedError,
	ValidationError,
	parse,
	toErrorResponse
} from '../errors';
import { transitionTask } from '../runbook/task.service';
import { reportProgress } from '../transfers/transfer.service';
import { IDEMPOTENCY_HEADER, taskParams, transferParams } from '../../shared/schemas/api';
import { taskTransitionInput } from '../../shared/schemas/runbook';
import { transferProgressInput } from '../../shared/schemas/transfers';
import { clientAddress } from './client-address';
import { healthEndpoint } from './health';
import { assertJsonRequest, isFormWrite, MAX_JSON_BYTES, parseJsonText } from './json-body';
import { sendJson } from './send-json';

interface ScriptEndpoint<I extends z.ZodType> {
	path: RegExp;
	params: z.ZodType<{ slug: string; key: string }>;
	input: I;
	/** Whether this request belongs to the SvelteKit route instead. */
	passOn?: (req: IncomingMessage) => boolean;
	run: (ctx: Ctx, actor: Actor, slug: string, key: string, input: z.output<I>) => Promise<unknown>;
}

const endpoint = <I extends z.ZodType>(e: ScriptEndpoint<I>) => e as unknown as ScriptEndpoint<z.ZodType>;

const ENDPOINTS = [
	endpoint({
		path: /^\/api\/v1\/cutovers\/([^/?#]+)\/transfers\/([^/?#]+)\/progress(?:\?.*)?$/,
		params: transferParams,
		input: transferProgressInput,
		run: reportProgress
	}),
	endpoint({
		path: /^\/api\/v1\/cutovers\/([^/?#]+)\/tasks\/([^/?#]+)\/transition(?:\?.*)?$/,
		params: taskParams,
		input: taskTransitionInput,
		passOn: (req) => req.headers[IDEMPOTENCY_HEADER.toLowerCase()] !== undefined,
		run: transitionTask
	})
];

/**
 * Returns a handler that answers a health check or a script's bearer-token call and says so, or leaves the request
 * alone.
 */
export function scriptEndpoints(ctx: App): (req: IncomingMessage, res: ServerResponse) => boolean {
	const health = healthEndpoint(ctx.database);
	return (req, res) => {
		if (!req.url) return false;
		if (health(req, res)) return true;
		if (req.url.startsWith('/api/') && isFormWrite(req.method, req.headers['content-type'])) {
			sendJson(res, toErrorResponse(new ValidationError({ reason: 'errors.bodyNotJson' })));
			return true;
		}
		if (req.method !== 'POST') return false;
		const bearer = req.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
		if (!bearer) return false;
		for (const e of ENDPOINTS) {
			const path = e.path.exec(req.url);
			if (!path) continue;
			if (e.passOn?.(req)) return false;
			void answer(ctx, req, res, e, path[1], path[2], bearer.trim());
			return true;
		}
		return false;
	};
}

async function answer(
	ctx: Ctx,
	req: IncomingMessage,
	res: ServerResponse,
	e: ScriptEndpoint<z.ZodType>,
	slug: string,
	key: string,
	token: string
): Promise<void> {
	let status = 200;
	let body: unknown;
	let headers: Record<string, string> = {};
	try {
		const actor = await actorFromToken(ctx, token, clientAddress(req));
		if (!actor) throw new UnauthenticatedError({ reason: 'errors.tokenUnknown' });
		const params = parse(e.params, { slug: decode(slug), key: decode(key) });
		assertJsonRequest(req.headers['content-type'], Number(req.headers['content-length'] ?? 0));
		const input = parse(e.input, parseJsonText(await readText(req)));
		body = await e.run(ctx, actor, params.slug, params.key, input);
	} catch (err) {
		({ status, body, headers } = toErrorResponse(err));
	}
	sendJson(res, { status, body, headers });
}

function decode(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		throw new ValidationError({ reason: 'errors.pathInvalid' });
	}
}

/** The body as text, refused once it grows past the limit (a client may lie about or omit its length). */
function readText(req: IncomingMessage): Promise<string> {
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
