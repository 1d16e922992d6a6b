import { DomainError } from '$lib/server/errors';
import { errorPage, formAction } from '$lib/server/http/form';
import { confirmationOf, confirmSubscription } from '$lib/server/subscriptions/subscription.service';
import type { Actions, PageServerLoad } from './$types';

/**
 * A confirmation link's page, in the subscriber's language: a button confirms (a POST, so a mail scanner that
 * opens links confirms nothing). After the confirming POST the link is used: the page then shows the action's
 * answer only.
 */
export const load: PageServerLoad = async ({ locals, params, request }) => {
	try {
		return { holder: await confirmationOf(locals.app, params.token), lang: null };
	} catch (err) {
		if (!(err instanceof DomainError)) throw err;
		if (request.method === 'POST') return { holder: null, lang: locals.locale };
		errorPage(err);
	}
};

export const actions: Actions = {
	default: async ({ locals, params }) =>
		formAction(async () => ({ confirmed: await confirmSubscription(locals.app, params.token) }))
};
