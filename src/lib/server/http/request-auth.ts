/**
 * Who an API request acts for: its bearer token (scripts) or its session cookie (the browser), checked on every
 * request against the credential cache that access changes invalidate. A session past half its life is renewed
 * and its cookie sent again; a cookie that no longer opens a session is cleared.
 */
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { SESSION_COOKIE } from '../../shared/realtime';
import { actorFromSession, actorFromToken } from '../auth/auth.service';
import type { Actor } from '../auth/actor';
import type { Ctx } from '../context';
import { env } from '../env';
import { UnauthenticatedError } from '../errors';
import { clientAddress } from './client-address';
import { cookieValue, sessionCookieHeader } from './session-cookie';

export interface Authenticated {
	actor: Actor;
	/** A Set-Cookie value to send with the answer: the renewed session. */
	setCookie?: string;
}

/** The request's actor, or a 401 (with the dead session's cookie cleared). */
export async function authenticate(ctx: Ctx, req: IncomingMessage): Promise<Authenticated> {
	const bearer = req.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
	if (bearer) {
		const actor = await actorFromToken(ctx, bearer.trim(), clientAddress(req));
		if (!actor) throw new UnauthenticatedError({ reason: 'errors.tokenUnknown' });
		return { actor };
	}
	const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
	if (!token) throw new UnauthenticatedError({ reason: 'errors.sendCredentials' });
	const found = await actorFromSession(ctx, token, env().SESSION_DAYS);
	if (!found) throw new SessionEnded(sessionCookieHeader(null, null, secure(req)));
	return {
		actor: found.actor,
		...(found.renewed ? { setCookie: sessionCookieHeader(token, found.expiresAt, secure(req)) } : {})
	};
}

/** A 401 whose answer clears the session cookie. */
export class SessionEnded extends UnauthenticatedError {
	constructor(readonly setCookie: string) {
		super({ reason: 'errors.sendCredentials' });
	}
}

/** Whether the browser reached us over https: ORIGIN says so, or else the connection itself. */
function secure(req: IncomingMessage): boolean {
	const origin = env().ORIGIN;
	return origin ? origin.startsWith('https:') : Boolean((req.socket as TLSSocket).encrypted);
}
