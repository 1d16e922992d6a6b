import { redirect } from '@sveltejs/kit';
import { field, safeNext } from '$lib/server/http/form';
import { LOCALE_COOKIE, isLocale } from '$lib/shared/i18n';
import type { Actions, PageServerLoad } from './$types';

/** Nothing to show here: the language switcher only posts to this page. */
export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ request, cookies }) => {
		const data = await request.formData();
		const locale = field(data, 'locale');
		// An unknown language is ignored rather than refused: the user is simply sent back.
		if (isLocale(locale))
			cookies.set(LOCALE_COOKIE, locale, {
				path: '/',
				httpOnly: false,
				sameSite: 'lax',
				maxAge: 60 * 60 * 24 * 365
			});
		redirect(303, safeNext(field(data, 'next')));
	}
};
