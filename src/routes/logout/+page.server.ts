import { redirect } from '@sveltejs/kit';
import { logout } from '$lib/server/auth/auth.service';
import { clearSessionCookie } from '$lib/server/http/session-cookie';
import { SESSION_COOKIE } from '$lib/shared/realtime';
import type { Actions, PageServerLoad } from './$types';

/** Signing out changes state, so it is a POST only; a plain visit goes home. */
export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ cookies, locals }) => {
		const token = cookies.get(SESSION_COOKIE);
		if (token) await logout(locals.app, token);
		clearSessionCookie(cookies);
		redirect(303, '/login');
	}
};
