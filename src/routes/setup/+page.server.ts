import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { login, needsSetup, setupFirstAdmin } from '$lib/server/auth/auth.service';
import { env } from '$lib/server/env';
import { parse } from '$lib/server/errors';
import { formAction, formValues } from '$lib/server/http/form';
import { setSessionCookie } from '$lib/server/http/session-cookie';
import { fieldMessage } from '$lib/shared/i18n/field-issues';
import { userCreateInput } from '$lib/shared/schemas/auth';
import type { Actions, PageServerLoad } from './$types';

/** The first admin: a user without a role field (it is always admin), with the password typed twice. */
const setupInput = userCreateInput
	.omit({ role: true })
	.extend({ passwordConfirm: z.string() })
	.refine((v) => v.password === v.passwordConfirm, {
		path: ['passwordConfirm'],
		message: fieldMessage('passwordsDiffer')
	});

export const load: PageServerLoad = async ({ locals }) => {
	if (!(await needsSetup(locals.app))) redirect(303, '/login');
	return {};
};

export const actions: Actions = {
	default: async ({ request, locals, cookies, url, getClientAddress }) => {
		const data = await request.formData();
		const values = formValues(data);
		const result = await formAction(
			async () => {
				const { passwordConfirm: _, ...input } = parse(setupInput, Object.fromEntries(data));
				await setupFirstAdmin(locals.app, input);
				const session = await login(
					locals.app,
					input.username,
					input.password,
					env().SESSION_DAYS,
					getClientAddress()
				);
				setSessionCookie(cookies, url, session.token, session.expiresAt);
			},
			{ values }
		);
		if (result) return result;
		redirect(303, '/');
	}
};
