import { error } from '@sveltejs/kit';
import { ConflictError, DomainError, parse, reasonOf } from '$lib/server/errors';
import { errorPage, field, formAction, formValues } from '$lib/server/http/form';
import { signOffByLink, signoffForm } from '$lib/server/programmes/signoff.service';
import { signoffInput } from '$lib/shared/schemas/programmes';
import type { Actions, PageServerLoad } from './$types';

/**
 * A tester's sign-off page, opened by the link's token without an account: an unknown link is a 404 page, a used
 * or expired one a 410 (gone) page saying so, in the reader's language. Right after the answer (the same POST,
 * without scripts) the link is used: the page then shows only the thanks.
 */
export const load: PageServerLoad = async ({ locals, params, request }) => {
	try {
		return { signoff: await signoffForm(locals.app, params.token) };
	} catch (err) {
		if (!(err instanceof DomainError)) throw err;
		if (request.method === 'POST') return { signoff: null };
		if (err instanceof ConflictError) error(410, { message: err.message, ...reasonOf(err) });
		errorPage(err);
	}
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const data = await request.formData();
		return formAction(
			async () => {
				const input = parse(signoffInput, { verdict: field(data, 'verdict'), note: field(data, 'note') });
				const signed = await signOffByLink(locals.app, params.token, input);
				return { signed: { verdict: signed.verdict } };
			},
			{ values: formValues(data) }
		);
	}
};
