import { redirect } from '@sveltejs/kit';
import { logout } from '$lib/server/auth/auth.service';
import { ssoSignOutUrl } from '$lib/server/auth/sso.service';
import { clearSessionCookie } from '$lib/server/http/session-cookie';
import { SESSION_COOKIE } from '$lib/shared/realtime';
import type { Actions, PageServerLoad } from './$types';

/** Signing out changes state, so it is a POST only; a plain visit goes home. */
export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ cookies, locals, url }) => {
		const token = cookies.get(SESSION_COOKIE);
		const ended = token ? await logout(locals.app, token) : null;
		clearSessionCookie(cookies);
		// Signed in through the identity provider: sign out there too, when it offers that.
		const there = ended?.idToken
			? await ssoSignOutUrl(ended.idToken, new URL('/login', url.origin).href)
			: null;
		redirect(303, there?.href ?? '/login');
	}
};
