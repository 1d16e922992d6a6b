/**
 * The public status page's fast path, before SvelteKit and the API: the page per language (and `/status` by
 * Accept-Language), its Atom feeds, the maintenance calendar and Statuspage's `/api/v2/*.json`, all from the
 * in-memory site. No cookies, no session, no database per request: a strong ETag (304 to If-None-Match), a short
 * public Cache-Control with stale-while-revalidate, and bytes compressed once. The subscription pages under
 * `/status/` (subscribe, confirm, unsubscribe) and anything else are left to SvelteKit and the API.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NOTICE_LANGS, type NoticeLang } from '../../shared/notices/rules';
import { parse } from '../errors';
import { errorReply } from '../http/endpoint';
import { acceptedEncoding } from '../http/revalidation';
import { securityHeaders } from '../http/security-headers';
import { requestIdOf } from '../observability/log';
import { httpRequests } from '../observability/metrics';
import { STATUSPAGE_DOCUMENTS, statuspageQuery } from '../../shared/schemas/statuspage';
import { DEFAULT_LANG, atomPath, calendarPath, jsonPath, pagePath } from './paths';
import type { StatusCache } from './status-cache';
import type { Encoding, StatusFile, StatusSite } from './site';

/** Seconds a client or a CDN may reuse an answer, and serve it stale while it revalidates. */
export const MAX_AGE_SECONDS = 15;
const STALE_SECONDS = 60;
const FIXED_MAX_AGE_SECONDS = 3600;

/** The page allows only its own stylesheet and script: no inline code, nothing from elsewhere. */
const PAGE_POLICY =
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** The language an Accept-Language header prefers most among fi, sv and en; Finnish when none. */
export function preferredLanguage(header: string | undefined): NoticeLang {
	let best: { lang: NoticeLang; q: number } | null = null;
	for (const part of (header ?? '').split(',')) {
		const [tag, ...params] = part.trim().toLowerCase().split(';');
		const lang = tag.slice(0, 2) as NoticeLang;
		if (!NOTICE_LANGS.includes(lang) || (tag.length > 2 && tag[2] !== '-')) continue;
		const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
		const q = qParam ? Number(qParam.slice(2)) : 1;
		if (q > 0 && (!best || q > best.q)) best = { lang, q };
	}
	return best?.lang ?? DEFAULT_LANG;
}

const PAGES = new Map(
	NOTICE_LANGS.flatMap((l) => [pagePath(l), `${pagePath(l)}/`].map((p) => [p, pagePath(l)]))
);
const FEEDS = new Set<string>([...NOTICE_LANGS.map(atomPath), calendarPath]);
const DOCUMENTS = new Map(STATUSPAGE_DOCUMENTS.map((d) => [jsonPath(d), d]));

/** Which file a request asks for, and whether its choice depended on Accept-Language; null: not ours. */
function resolve(pathname: string, search: string, acceptLanguage: string | undefined) {
	if (pathname === '/status' || pathname === '/status/') {
		const lang = preferredLanguage(acceptLanguage);
		return { path: pagePath(lang), negotiated: true, lang };
	}
	const page = PAGES.get(pathname);
	if (page) return { path: page, negotiated: false, lang: page.slice(1, 3) };
	if (FEEDS.has(pathname) || pathname.startsWith('/status/assets/'))
		return { path: pathname, negotiated: false, lang: null };
	const doc = DOCUMENTS.get(pathname);
	if (doc) {
		const { lang } = parse(statuspageQuery, Object.fromEntries(new URLSearchParams(search)));
		return { path: jsonPath(doc, lang ?? DEFAULT_LANG), negotiated: false, lang: null };
	}
	return null;
}

/** Whether the status page's fast path answers this path (anything else goes on to the API and the pages). */
export const isStatusPath = (pathname: string) =>
	pathname === '/status' ||
	pathname === '/status/' ||
	PAGES.has(pathname) ||
	FEEDS.has(pathname) ||
	pathname.startsWith('/status/assets/') ||
	DOCUMENTS.has(pathname);

/** Whether If-None-Match names these bytes (in any encoding: the tag's base is the same). */
function matches(header: string | undefined, etag: string): boolean {
	if (!header) return false;
	if (header.trim() === '*') return true;
	const base = etag.slice(1, -1);
	return header.split(',').some((tag) => {
		const t = tag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
		return t === base || t === `${base}-br` || t === `${base}-gzip`;
	});
}

/** Accept-Encoding headers seen, and what each accepts: clients send few different ones. */
const encodings = new Map<string, Encoding | null>();
const ENCODINGS_KEPT = 64;

function encodingOf(header: string | undefined): Encoding | null {
	const key = header ?? '';
	let encoding = encodings.get(key);
	if (encoding === undefined) {
		encoding = acceptedEncoding(header);
		if (encodings.size >= ENCODINGS_KEPT) encodings.clear();
		encodings.set(key, encoding);
	}
	return encoding;
}

/** Returns a handler that answers a status request and says so, or leaves any other request alone. */
export function statusServer(cache: StatusCache): (req: IncomingMessage, res: ServerResponse) => boolean {
	return (req, res) => {
		const url = req.url ?? '/';
		const at = url.indexOf('?');
		const pathname = at < 0 ? url : url.slice(0, at);
		if (!isStatusPath(pathname)) return false;
		const search = at < 0 ? '' : url.slice(at + 1);
		// The launch-day path: the site rendered and the bytes compressed, answered without a promise.
		const site = cache.ready();
		if (
			site &&
			(req.method === 'GET' || req.method === 'HEAD') &&
			answerNow(site, req, res, pathname, search)
		)
			return true;
		void answer(cache, req, res, pathname, search);
		return true;
	};
}

/** Answers from the rendered site if everything is at hand; false when something must be waited for. */
function answerNow(
	site: StatusSite,
	req: IncomingMessage,
	res: ServerResponse,
	pathname: string,
	search: string
): boolean {
	let target: ReturnType<typeof resolve>;
	try {
		target = resolve(pathname, search, req.headers['accept-language']);
	} catch {
		return false; // a bad query: the full path answers it in the API's error shape
	}
	const file = target && site.get(target.path);
	if (!target || !file) return false;
	const encoding = encodingOf(req.headers['accept-encoding']);
	const body = encoding ? file.encodedNow(encoding) : file.body;
	if (!body) return false;
	reply(req, res, file, target.negotiated, target.lang, encoding, body);
	return true;
}

async function answer(
	cache: StatusCache,
	req: IncomingMessage,
	res: ServerResponse,
	pathname: string,
	search: string
): Promise<void> {
	try {
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			res.writeHead(405, { ...securityHeaders(), allow: 'GET, HEAD', 'content-length': 0 });
			res.end();
			return;
		}
		const target = resolve(pathname, search, req.headers['accept-language']);
		const file = target && (await cache.site()).get(target.path);
		if (!target || !file) {
			res.writeHead(404, { ...securityHeaders(), 'content-type': 'text/plain', 'content-length': 9 });
			res.end('Not found');
			return;
		}
		await sendStatusFile(req, res, file, target.negotiated, target.lang ?? null);
	} catch (err) {
		const reply = errorReply(err, requestIdOf(req.headers));
		if (res.headersSent) return;
		res.writeHead(reply.status, { ...securityHeaders(), ...reply.headers });
		res.end(reply.body ?? undefined);
	}
}

/** Sends one file of the site with its caching headers (a 304 to a matching If-None-Match). */
export async function sendStatusFile(
	req: IncomingMessage,
	res: ServerResponse,
	file: StatusFile,
	negotiated: boolean,
	lang: string | null
): Promise<void> {
	const encoding = encodingOf(req.headers['accept-encoding']);
	const body = encoding ? await file.encoded(encoding) : file.body;
	if (res.writableEnded || res.destroyed) return;
	reply(req, res, file, negotiated, lang, encoding, body);
}

/** The file's answer: 304 when the client holds these bytes, else the bytes; headers made once per variant. */
function reply(
	req: IncomingMessage,
	res: ServerResponse,
	file: StatusFile,
	negotiated: boolean,
	lang: string | null,
	encoding: Encoding | null,
	body: Buffer
) {
	const notModified = matches(req.headers['if-none-match'], file.etag);
	const key = `${notModified ? 304 : 200}|${encoding}|${negotiated}|${lang}`;
	const headers = file.headers(key, () => {
		const maxAge = file.fixed ? FIXED_MAX_AGE_SECONDS : MAX_AGE_SECONDS;
		const made: Record<string, string | number> = {
			...securityHeaders(),
			'content-type': file.contentType,
			'cache-control': `public, max-age=${maxAge}, stale-while-revalidate=${STALE_SECONDS}`,
			etag: encoding ? `${file.etag.slice(0, -1)}-${encoding}"` : file.etag,
			vary: negotiated ? 'accept-encoding, accept-language' : 'accept-encoding',
			// Statuspage's documents and feeds are read by widgets on other sites.
			'access-control-allow-origin': '*'
		};
		if (file.contentType.startsWith('text/html')) made['content-security-policy'] = PAGE_POLICY;
		if (lang) made['content-language'] = lang;
		if (!notModified) {
			if (encoding) made['content-encoding'] = encoding;
			made['content-length'] = body.length;
		}
		return made;
	});
	res.writeHead(notModified ? 304 : 200, headers);
	res.end(notModified || req.method === 'HEAD' ? undefined : body);
	httpRequests.inc({ method: req.method ?? 'GET', code: notModified ? 304 : 200 });
}
