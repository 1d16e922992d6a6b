import { parse } from '$lib/server/errors';
import { formAction, loaded, parsedField, signedIn } from '$lib/server/http/form';
import {
	enableSubscriber,
	listSubscribers,
	listSubscriptionDeliveries,
	subscriptionSummary
} from '$lib/server/subscriptions/subscription.service';
import { listQuery } from '$lib/shared/schemas/api';
import { recordId } from '$lib/shared/schemas/common';
import { subscriptionDeliveriesQuery } from '$lib/shared/schemas/subscriptions';
import type { Actions, PageServerLoad } from './$types';

/**
 * Subscribers and the delivery log, the whole or one subscriber's (`?subscriber=`), and enabling a disabled
 * webhook again (admins: the addresses are personal data of the public).
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	return loaded(async () => {
		const subscribersPage = parse(listQuery, {
			limit: 100,
			cursor: url.searchParams.get('subscribers') ?? undefined
		});
		const deliveriesPage = parse(subscriptionDeliveriesQuery, {
			limit: 100,
			cursor: url.searchParams.get('deliveries') ?? undefined,
			subscriber: url.searchParams.get('subscriber') ?? undefined
		});
		const [summary, subscribers, deliveries] = await Promise.all([
			subscriptionSummary(locals.app, actor),
			listSubscribers(locals.app, actor, subscribersPage),
			listSubscriptionDeliveries(locals.app, actor, deliveriesPage)
		]);
		return { summary, subscribers, deliveries, subscriber: deliveriesPage.subscriber ?? null };
	});
};

export const actions: Actions = {
	enable: async ({ request, locals }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		return formAction(
			async () => ({
				enabled: await enableSubscriber(locals.app, actor, parsedField(data, 'id', recordId))
			}),
			{ form: 'enable' }
		);
	}
};
