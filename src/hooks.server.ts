import { json, type Handle, type HandleServerError } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { getApp } from '$lib/server/app';
import { actorFromSession, actorFromToken, needsSetup } from '$lib/server/auth/auth.service';
import { env } from '$lib/server/env';
import {
	MethodNotAllowedError,
	ValidationError,
	toErrorResponse,
	validationErrorFrom
} from '$lib/server/errors';
import { securityHeaders } from '$lib/server/http/security-headers';
import { clearSessionCookie, setSessionCookie } from '$lib/server/http/session-cookie';
import { SESSION_COOKIE } from '$lib/shared/realtime';
import { LOCALE_COOKIE, isLocale, negotiateLocale } from '$lib/shared/i18n';
import { requestParams } from '$lib/shared/schemas/api';
let setupDone = false;

const context: Handle = async ({ event, resolve }) => {
	event.locals.app = await getApp();
	event.locals.actor = null;
	event.locals.user = null;
	const chosen = event.cookies.get(LOCALE_COOKIE);
	event.locals.locale = isLocale(chosen)
		? chosen
		: negotiateLocale(event.request.headers.get('accept-language'));
	return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale) });
};

const authenticate: Handle = async ({ event, resolve }) => {
	const { app } = event.locals;
	const bearer = event.request.headers.get('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1];
	if (bearer) {
		try {
			event.locals.actor = await actorFromToken(app, bearer.trim(), event.getClientAddress());
		} catch (err) {
			// Too many unknown tokens from this address: answered here, as the API answers any refusal.
			const { status, body, headers } = toErrorResponse(err);
			return json(body, { status, headers });
		}
		return resolve(event);
	}
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const sessionDays = env().SESSION_DAYS;
		const found = await actorFromSession(app, token, sessionDays);
		if (found) {
			event.locals.actor = found.actor;
			event.locals.user = found.user;
			// The cookie is sent again only when the sliding expiry moved.
			if (found.renewed) setSessionCookie(event.cookies, event.url, token, found.expiresAt);
		} else clearSessionCookie(event.cookies);
	}
	return resolve(event);
};

/** With no users yet, every page leads to /setup (the API answers for itself). */
const setupGate: Handle = async ({ event, resolve }) => {
	const path = event.url.pathname;
	if (!setupDone && !path.startsWith('/api') && path !== '/setup' && path !== '/language') {
		// Answered, not thrown, so the outer hook still adds the security headers.
		if (await needsSetup(event.locals.app))
			return new Response(null, { status: 303, headers: { location: '/setup' } });
		setupDone = true;
	}
	return resolve(event);
};

const withSecurityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	for (const [name, value] of Object.entries(securityHeaders())) response.headers.set(name, value);
	return response;
};

/** Query keys that carry a redirect target: safeNext keeps them on this site, so a bad one only falls back to `/`. */
const REDIRECT_TARGETS = new Set(['next']);

/**
 * A path parameter or query value with a control character is a 400 before any page or endpoint reads it (pages
 * hand their slugs and keys to the services as they are). Inside withSecurityHeaders, so the answer has them too;
 * before anything reads the database. A sign-in link whose `next` was tampered with still signs in (to `/`).
 */
const plainParams: Handle = async ({ event, resolve }) => {
	// A path whose percent-encoding is not UTF-8 matches no route, and SvelteKit would answer with its error page.
	if (event.url.pathname.startsWith('/api/') && !decodable(event.url.pathname)) {
		const { status, body } = toErrorResponse(new ValidationError({ reason: 'errors.pathInvalid' }));
		return json(body, { status });
	}
	const { searchParams } = event.url;
	const keys = [...new Set(searchParams.keys())].filter((k) => !REDIRECT_TARGETS.has(k));
	const query = Object.fromEntries(keys.map((k) => [k, searchParams.getAll(k)]));
	const checked = requestParams.safeParse({ path: event.params, query });
	if (checked.success) return resolve(event);
	const { status, body } = toErrorResponse(validationErrorFrom(checked.error));
	return json(body, { status });
};

/**
 * An API path asked with a method it does not take (PUT on a cutover, or a path that `.` or `..` turned into
 * another route): SvelteKit answers 405 in plain text, the API in its error shape, keeping the Allow header.
 */
const apiMethods: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (response.status !== 405 || !event.url.pathname.startsWith('/api/')) return response;
	const allow = response.headers.get('allow') ?? '';
	const { status, body } = toErrorResponse(new MethodNotAllowedError(event.request.method, allow));
	return json(body, { status, headers: { allow } });
};

function decodable(pathname: string): boolean {
	try {
		// The result is used: a bundler may drop a call whose result is not, as if it could not throw.
		return decodeURI(pathname).length >= 0;
	} catch {
		return false;
	}
}

export const handle = sequence(
	withSecurityHeaders,
	apiMethods,
	plainParams,
	context,
	authenticate,
	setupGate
);

export const handleError: HandleServerError = ({ error, status, message }) => {
	if (status === 404) return { message };
	const errorId = crypto.randomUUID().slice(0, 8);
	console.error(`[error ${errorId}]`, error);
	return { message: 'Something went wrong on the server.', errorId };
};
