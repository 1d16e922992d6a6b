import { redirect } from '@sveltejs/kit';
import { login } from '$lib/server/auth/auth.service';
import { env } from '$lib/server/env';
import { parse } from '$lib/server/errors';
import { formAction, formValues, safeNext } from '$lib/server/http/form';
import { setSessionCookie } from '$lib/server/http/session-cookie';
import { loginInput } from '$lib/shared/schemas/auth';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	return {};
};

export const actions: Actions = {
	default: async ({ request, locals, cookies, url }) => {
		const data = await request.formData();
		const result = await formAction(
			async () => {
				const input = parse(loginInput, {
					username: data.get('username') ?? '',
					password: data.get('password') ?? ''
				});
				const session = await login(locals.app, input.username, input.password, env().SESSION_DAYS);
				setSessionCookie(cookies, url, session.token, session.expiresAt);
			},
			{ values: formValues(data) }
		);
		if (result) return result;
		redirect(303, safeNext(url.searchParams.get('next')));
	}
};
