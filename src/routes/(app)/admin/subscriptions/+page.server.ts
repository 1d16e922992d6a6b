import { parse } from '$lib/server/errors';
import { loaded, signedIn } from '$lib/server/http/form';
import {
	listSubscribers,
	listSubscriptionDeliveries,
	subscriptionSummary
} from '$lib/server/subscriptions/subscription.service';
import { listQuery } from '$lib/shared/schemas/api';
import type { PageServerLoad } from './$types';

/** Subscribers and the delivery log (admins: the addresses are personal data of the public). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	return loaded(async () => {
		const subscribersPage = parse(listQuery, {
			limit: 100,
			cursor: url.searchParams.get('subscribers') ?? undefined
		});
		const deliveriesPage = parse(listQuery, {
			limit: 100,
			cursor: url.searchParams.get('deliveries') ?? undefined
		});
		const [summary, subscribers, deliveries] = await Promise.all([
			subscriptionSummary(locals.app, actor),
			listSubscribers(locals.app, actor, subscribersPage),
			listSubscriptionDeliveries(locals.app, actor, deliveriesPage)
		]);
		return { summary, subscribers, deliveries };
	});
};
