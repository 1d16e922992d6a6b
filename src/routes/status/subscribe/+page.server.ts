import { field, formAction, formValues, parseForm } from '$lib/server/http/form';
import { pageLanguage } from '$lib/server/subscriptions/page-language';
import { publicServiceChoices, subscribe } from '$lib/server/subscriptions/subscription.service';
import { subscribeInput } from '$lib/shared/schemas/subscriptions';
import type { Actions, PageServerLoad } from './$types';

/** Subscribing to public notices, without an account or cookies; works without scripts. */
export const load: PageServerLoad = async ({ locals, url }) => ({
	lang: pageLanguage(url, locals.locale),
	services: await publicServiceChoices(locals.app)
});

export const actions: Actions = {
	default: async ({ request, locals, getClientAddress, setHeaders }) => {
		const data = await request.formData();
		const services = data.getAll('services').filter((s) => typeof s === 'string');
		return formAction(
			async () => {
				const channel = field(data, 'channel');
				const common = { language: field(data, 'language'), services };
				const input = parseForm(
					subscribeInput,
					channel === 'webhook'
						? { channel, url: field(data, 'url'), ...common }
						: { channel: 'email', email: field(data, 'email'), ...common }
				);
				const done = await subscribe(locals.app, input, getClientAddress());
				return { subscribed: { ...done, email: input.channel === 'email' ? input.email : null } };
			},
			// A refused form comes back as it was sent: the services ticked, one a line (a form's values keep one
			// text per name).
			{ values: { ...formValues(data), services: services.join('\n') }, setHeaders }
		);
	}
};
