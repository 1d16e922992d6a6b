import { DomainError } from '$lib/server/errors';
import { errorPage, formAction } from '$lib/server/http/form';
import { unsubscribe, unsubscriptionOf } from '$lib/server/subscriptions/subscription.service';
import type { Actions, PageServerLoad } from './$types';

/**
 * An unsubscribe link's page (the URL of every message's List-Unsubscribe): GET shows a button, its POST
 * unsubscribes. A mail provider's one-click POST (RFC 8058, from another origin) is answered before SvelteKit
 * (subscriptions/one-click.ts). After the POST the address is forgotten: the page shows the action's answer.
 */
export const load: PageServerLoad = async ({ locals, params, request }) => {
	try {
		return { holder: await unsubscriptionOf(locals.app, params.token), lang: null };
	} catch (err) {
		if (!(err instanceof DomainError)) throw err;
		if (request.method === 'POST') return { holder: null, lang: locals.locale };
		errorPage(err);
	}
};

export const actions: Actions = {
	default: async ({ locals, params }) =>
		formAction(async () => ({ unsubscribed: await unsubscribe(locals.app, params.token) }))
};
