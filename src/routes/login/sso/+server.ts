import { redirect } from '@sveltejs/kit';
import { beginSsoSignIn } from '$lib/server/auth/sso.service';
import { safeNext } from '$lib/server/http/form';
import { SSO_COOKIE, ssoCallbackUrl } from '$lib/server/http/sso-cookie';
import type { RequestHandler } from './$types';
import { log } from '$lib/server/observability/log';

/** Leaves for the identity provider, remembering (in a short-lived httpOnly cookie) what must come back. */
export const GET: RequestHandler = async ({ url, cookies }) => {
	let target: URL;
	try {
		const begun = await beginSsoSignIn(ssoCallbackUrl(url), safeNext(url.searchParams.get('next')));
		cookies.set(SSO_COOKIE, JSON.stringify(begun.pending), {
			path: '/login/sso',
			httpOnly: true,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			maxAge: 600
		});
		target = begun.url;
	} catch (err) {
		log.error({ err }, 'single sign-on could not start');
		redirect(303, '/login?sso=errors.ssoFailed');
	}
	redirect(303, target.href);
};
