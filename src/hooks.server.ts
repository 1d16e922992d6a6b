import { json, type Handle, type HandleServerError } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { getApp } from '$lib/server/app';
import { actorFromSession, actorFromWallToken, needsSetup } from '$lib/server/auth/auth.service';
import { env } from '$lib/server/env';
import { ForbiddenError, toErrorResponse } from '$lib/server/errors';
import { assertPlainParams } from '$lib/server/http/plain-params';
import { securityHeaders } from '$lib/server/http/security-headers';
import { clearSessionCookie, clearWallCookie, setSessionCookie } from '$lib/server/http/session-cookie';
import { SESSION_COOKIE, WALL_COOKIE } from '$lib/shared/realtime';
import { LOCALE_COOKIE, isLocale, negotiateLocale } from '$lib/shared/i18n';
import { log, requestIdOf } from '$lib/server/observability/log';
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

/** Pages act for the signed-in person (the API, answered before SvelteKit, authenticates on its own). */
const authenticate: Handle = async ({ event, resolve }) => {
	const { app } = event.locals;
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
	// A wall screen without a session shows its wall by its read-only token, and nothing else.
	const wallToken = event.cookies.get(WALL_COOKIE);
	if (!event.locals.actor && wallToken && event.route.id?.startsWith(WALL_ROUTES)) {
		// A token refused for the wall ends the cookie; a database out of reach does not (as with sessions).
		const actor = await actorFromWallToken(app, wallToken).catch((err: unknown) => {
			if (err instanceof ForbiddenError) return null;
			throw err;
		});
		if (actor) event.locals.actor = actor;
		else clearWallCookie(event.cookies);
	}
	return resolve(event);
};

/** The routes a wall screen's token opens. */
const WALL_ROUTES = '/(wall)/';

/** With no users yet, every page leads to /setup. */
const setupGate: Handle = async ({ event, resolve }) => {
	const path = event.url.pathname;
	if (!setupDone && path !== '/setup' && path !== '/language') {
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
	try {
		assertPlainParams(event.params, event.url.searchParams, REDIRECT_TARGETS);
	} catch (err) {
		const { status, body } = toErrorResponse(err, requestIdOf(event.request.headers));
		return json(body, { status });
	}
	return resolve(event);
};

export const handle = sequence(withSecurityHeaders, plainParams, context, authenticate, setupGate);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status === 404) return { message };
	const errorId = crypto.randomUUID().slice(0, 8);
	log.error({ err: error, errorId, reqId: requestIdOf(event.request.headers) }, 'page failed');
	return { message: 'Something went wrong on the server.', errorId };
};
