import { DomainError } from '$lib/server/errors';
import { errorPage, field, formAction, formValues, parseForm } from '$lib/server/http/form';
import { pageLanguage } from '$lib/server/subscriptions/page-language';
import {
	changeChoices,
	choicesOf,
	publicServiceChoices,
	unsubscribe,
	type ServiceChoice
} from '$lib/server/subscriptions/subscription.service';
import { fieldIssue } from '$lib/shared/i18n/field-issues';
import { subscriptionChoicesInput } from '$lib/shared/schemas/subscriptions';
import type { Actions, PageServerLoad } from './$types';

/**
 * The page a message's "manage your subscription" link opens (the link carries the message's unsubscribe token):
 * the subscriber changes the language and the services they follow, or unsubscribes. Plain form POSTs, no
 * cookie; in `?lang=`, else the subscriber's own language. After unsubscribing the link is unknown: the page
 * then shows the action's answer only.
 */
export const load: PageServerLoad = async ({ locals, params, request, url }) => {
	try {
		const choices = await choicesOf(locals.app, params.token);
		return {
			choices,
			lang: pageLanguage(url, choices.language),
			services: await publicServiceChoices(locals.app)
		};
	} catch (err) {
		if (!(err instanceof DomainError)) throw err;
		if (request.method === 'POST')
			return { choices: null, lang: locals.locale, services: [] as ServiceChoice[] };
		errorPage(err);
	}
};

export const actions: Actions = {
	save: async ({ request, locals, params }) => {
		const data = await request.formData();
		const chosen = data.getAll('services').filter((s) => typeof s === 'string');
		const all = field(data, 'scope') !== 'chosen';
		return formAction(
			async () => {
				const issues = !all && chosen.length === 0 ? [fieldIssue('services', 'chooseService')] : [];
				const input = parseForm(
					subscriptionChoicesInput,
					{ language: field(data, 'language'), services: all ? [] : chosen },
					issues
				);
				return { saved: await changeChoices(locals.app, params.token, input) };
			},
			// The services chosen, one a line: a form's values keep one text per name.
			{ values: { ...formValues(data), services: chosen.join('\n') } }
		);
	},
	unsubscribe: async ({ locals, params }) =>
		formAction(async () => ({ unsubscribed: await unsubscribe(locals.app, params.token) }))
};
