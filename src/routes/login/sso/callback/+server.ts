import { redirect } from '@sveltejs/kit';
import { recordAudit } from '$lib/server/audit/audit.service';
import { completeSsoSignIn, ssoFailureText } from '$lib/server/auth/sso.service';
import { env } from '$lib/server/env';
import { DomainError } from '$lib/server/errors';
import { safeNext } from '$lib/server/http/form';
import { setSessionCookie } from '$lib/server/http/session-cookie';
import { SSO_COOKIE, readPending } from '$lib/server/http/sso-cookie';
import type { RequestHandler } from './$types';
import { log } from '$lib/server/observability/log';

/** The provider's redirect back: completes the sign-in, or says on the sign-in page why it did not. */
export const GET: RequestHandler = async ({ url, cookies, locals, getClientAddress }) => {
	const pending = readPending(cookies.get(SSO_COOKIE));
	cookies.delete(SSO_COOKIE, { path: '/login/sso' });
	let next: string;
	try {
		if (!pending)
			throw new Error('no single sign-on in progress in this browser (or it took over 10 minutes)');
		const session = await completeSsoSignIn(locals.app, url, pending, {
			sessionDays: env().SESSION_DAYS,
			address: getClientAddress()
		});
		setSessionCookie(cookies, url, session.token, session.expiresAt);
		next = safeNext(pending.next);
	} catch (err) {
		if (err instanceof DomainError && err.reason) {
			const query = new URLSearchParams({ sso: err.reason, ...(err.params ?? {}) });
			redirect(303, `/login?${query}`);
		}
		// The provider's answer did not check out (state, PKCE, nonce, audience, expiry, signature): logged and
		// audited with what was wrong, while the person is told only that it did not complete.
		const error = ssoFailureText(err);
		log.warn({ error }, 'single sign-on refused');
		await recordAudit(locals.app.db, {
			kind: 'signin.failed',
			actor: null,
			address: getClientAddress(),
			detail: { via: 'sso', why: 'invalid_response', error }
		}).catch(() => {});
		redirect(303, '/login?sso=errors.ssoFailed');
	}
	redirect(303, next);
};
