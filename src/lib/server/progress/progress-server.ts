/**
 * The public progress views' fast path, before SvelteKit and the API, as the status page's: no cookies, no
 * session, no database per request, a strong ETag and a short public Cache-Control (status/status-server.ts).
 * `/progress/{slug}` picks the language by Accept-Language.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorReply } from '../http/endpoint';
import { securityHeaders } from '../http/security-headers';
import { requestIdOf } from '../observability/log';
import { preferredLanguage, sendStatusFile } from '../status/status-server';
import { parseProgressPath, progressPath } from './paths';
import type { ProgressCache } from './progress-cache';

/** Returns a handler that answers a progress view's request and says so, or leaves any other request alone. */
export function progressServer(cache: ProgressCache): (req: IncomingMessage, res: ServerResponse) => boolean {
	return (req, res) => {
		const url = req.url ?? '/';
		const at = url.indexOf('?');
		const target = parseProgressPath(at < 0 ? url : url.slice(0, at));
		if (!target) return false;
		void answer(cache, req, res, target);
		return true;
	};
}

async function answer(
	cache: ProgressCache,
	req: IncomingMessage,
	res: ServerResponse,
	target: NonNullable<ReturnType<typeof parseProgressPath>>
): Promise<void> {
	try {
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			res.writeHead(405, { ...securityHeaders(), allow: 'GET, HEAD', 'content-length': 0 });
			res.end();
			return;
		}
		const lang = target.lang ?? preferredLanguage(req.headers['accept-language']);
		const file = (await cache.site()).get(progressPath(target.slug, lang));
		if (!file) {
			res.writeHead(404, { ...securityHeaders(), 'content-type': 'text/plain', 'content-length': 9 });
			res.end('Not found');
			return;
		}
		await sendStatusFile(req, res, file, target.lang === null, lang);
	} catch (err) {
		const reply = errorReply(err, requestIdOf(req.headers));
		if (res.headersSent) return;
		res.writeHead(reply.status, { ...securityHeaders(), ...reply.headers });
		res.end(reply.body ?? undefined);
	}
}
