/**
 * POST /api/v1/cutovers/{slug}/transfers/{key}/progress with a bearer token, served by the custom server straight
 * from node:http. Migration scripts call it hundreds of times a second; SvelteKit's request handling (web
 * Request and Response objects, body streams, hooks, routing) cost about as much as the report itself. The same
 * service, schemas, token check and error mapping answer here as in the SvelteKit route, which still serves the
 * calls that come with a session cookie.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Ctx } from '../context';
import { actorFromToken } from '../auth/auth.service';
import {
	PayloadTooLargeError,
	UnauthenticatedError,
	ValidationError,
	parse,
	toErrorResponse
} from '../errors';
import { reportProgress } from '../transfers/transfer.service';
import { transferParams } from '../../shared/schemas/api';
import { transferProgressInput } from '../../shared/schemas/transfers';
import { assertJsonRequest, MAX_JSON_BYTES, parseJsonText } from './json-body';
import { SECURITY_HEADERS } from './security-headers';

const PROGRESS_PATH = /^\/api\/v1\/cutovers\/([^/?#]+)\/transfers\/([^/?#]+)\/progress(?:\?.*)?$/;

/** Returns a handler that answers a bearer-token progress report and says so, or leaves the request alone. */
export function progressEndpoint(ctx: Ctx): (req: IncomingMessage, res: ServerResponse) => boolean {
	return (req, res) => {
		if (req.method !== 'POST' || !req.url) return false;
		const path = PROGRESS_PATH.exec(req.url);
		const bearer = req.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
		if (!path || !bearer) return false;
		void answer(ctx, req, res, path[1], path[2], bearer.trim());
		return true;
	};
}

async function answer(
	ctx: Ctx,
	req: IncomingMessage,
	res: ServerResponse,
	slug: string,
	key: string,
	token: string
): Promise<void> {
	let status = 200;
	let body: unknown;
	try {
		const actor = await actorFromToken(ctx, token);
		if (!actor) throw new UnauthenticatedError({ reason: 'errors.tokenUnknown' });
		const params = parse(transferParams, { slug: decode(slug), key: decode(key) });
		assertJsonRequest(req.headers['content-type'], Number(req.headers['content-length'] ?? 0));
		const input = parse(transferProgressInput, parseJsonText(await readText(req)));
		body = await reportProgress(ctx, actor, params.slug, params.key, input);
	} catch (err) {
		({ status, body } = toErrorResponse(err));
	}
	if (res.writableEnded || res.destroyed) return;
	const text = JSON.stringify(body);
	res.writeHead(status, {
		...SECURITY_HEADERS,
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(text)
	});
	res.end(text);
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
