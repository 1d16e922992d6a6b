import { redirect } from '@sveltejs/kit';
import { login } from '$lib/server/auth/auth.service';
import { ssoSettings } from '$lib/server/auth/sso.service';
import { env } from '$lib/server/env';
import { englishText, parse } from '$lib/server/errors';
import type { ErrorReason, RefusalMessage } from '$lib/shared/i18n';
import { formAction, formValues, safeNext } from '$lib/server/http/form';
import { setSessionCookie } from '$lib/server/http/session-cookie';
import { loginInput } from '$lib/shared/schemas/auth';
import type { Actions, PageServerLoad } from './$types';

const SSO_REASONS: readonly ErrorReason[] = [
	'errors.ssoFailed',
	'errors.ssoOff',
	'errors.ssoNoRole',
	'errors.ssoNoUsername',
	'errors.ssoUsernameTaken',
	'errors.ssoDisabled'
];

/** Why a single sign-on did not complete, as the callback said it in the query (only its known reasons). */
function ssoRefusal(query: URLSearchParams): RefusalMessage | null {
	const reason = SSO_REASONS.find((r) => r === query.get('sso'));
	if (!reason) return null;
	const params = { username: query.get('username') ?? '' };
	return { reason, params, message: englishText({ reason, params }) };
}

export const load: PageServerLoad = ({ locals, url }) => {
	const next = safeNext(url.searchParams.get('next'));
	if (locals.user) redirect(303, next);
	const sso = ssoSettings();
	return {
		sso: sso ? { label: sso.label, href: `/login/sso?next=${encodeURIComponent(next)}` } : null,
		ended: url.searchParams.has('ended'),
		ssoRefusal: ssoRefusal(url.searchParams)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const { request, locals, cookies, url } = event;
		const data = await request.formData();
		const result = await formAction(
			async () => {
				const input = parse(loginInput, {
					username: data.get('username') ?? '',
					password: data.get('password') ?? ''
				});
				const session = await login(
					locals.app,
					input.username,
					input.password,
					env().SESSION_DAYS,
					event.getClientAddress()
				);
				setSessionCookie(cookies, url, session.token, session.expiresAt);
			},
			{ values: formValues(data), setHeaders: event.setHeaders }
		);
		if (result) return result;
		redirect(303, safeNext(url.searchParams.get('next')));
	}
};
