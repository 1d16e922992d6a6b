/**
 * The browser session cookie: set by the pages that sign a user in (SvelteKit's cookies), renewed or cleared by
 * the API on node:http, read by the API and the socket handshake. One set of attributes for all of them.
 */
import type { Cookies } from '@sveltejs/kit';
import { SESSION_COOKIE, WALL_COOKIE } from '../../shared/realtime';

const ATTRIBUTES = { path: '/', httpOnly: true, sameSite: 'lax' } as const;

export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: Date): void {
	cookies.set(SESSION_COOKIE, token, {
		...ATTRIBUTES,
		secure: url.protocol === 'https:',
		expires: expiresAt
	});
}

export function clearSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE, { path: ATTRIBUTES.path });
}

/** How long a wall screen keeps its token: a year (it is checked on every request; revoke it to end it). */
const WALL_DAYS = 365;

/** A wall screen's read-only token, for the wall page and its socket (httpOnly: the page's script never sees it). */
export function setWallCookie(cookies: Cookies, url: URL, token: string): void {
	cookies.set(WALL_COOKIE, token, {
		...ATTRIBUTES,
		secure: url.protocol === 'https:',
		maxAge: WALL_DAYS * 24 * 3600
	});
}

export function clearWallCookie(cookies: Cookies): void {
	cookies.delete(WALL_COOKIE, { path: ATTRIBUTES.path });
}

/** A Set-Cookie value for a node:http answer: the session renewed until `expiresAt`, or cleared (null). */
export function sessionCookieHeader(token: string | null, expiresAt: Date | null, secure: boolean): string {
	const value = token === null ? '' : encodeURIComponent(token);
	const expires = (token === null ? new Date(0) : (expiresAt ?? new Date(0))).toUTCString();
	return [
		`${SESSION_COOKIE}=${value}`,
		`Path=${ATTRIBUTES.path}`,
		`Expires=${expires}`,
		'HttpOnly',
		'SameSite=Lax',
		...(secure ? ['Secure'] : [])
	].join('; ');
}

/** One cookie's value from a Cookie header, or undefined (also for a value that is not valid percent-encoding). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
	for (const part of (header ?? '').split(';')) {
		const eq = part.indexOf('=');
		if (eq > 0 && part.slice(0, eq).trim() === name) {
			try {
				return decodeURIComponent(part.slice(eq + 1).trim());
			} catch {
				return undefined;
			}
		}
	}
	return undefined;
}
