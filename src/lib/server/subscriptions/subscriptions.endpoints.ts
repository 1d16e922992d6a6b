/**
 * The API of public subscriptions: subscribing and the links' acts (no account), and the admin's reading and
 * enabling a disabled webhook again.
 */
import { z } from 'zod';
import { NOTICE_LANGS } from '../../shared/notices/rules';
import { listQuery, pageOf } from '../../shared/schemas/api';
import {
	subscribed,
	subscribeInput,
	subscriberParams,
	subscriberView,
	subscriptionChoices,
	subscriptionChoicesInput,
	subscriptionDeliveriesQuery,
	subscriptionDeliveryView,
	subscriptionSummary,
	subscriptionTokenParams
} from '../../shared/schemas/subscriptions';
import { SUBSCRIPTION_CHANNELS } from '../../shared/subscriptions/rules';
import { endpoint } from '../http/endpoint';
import {
	changeChoices,
	choicesOf,
	confirmSubscription,
	enableSubscriber,
	listSubscribers,
	listSubscriptionDeliveries,
	subscribe,
	subscriptionSummary as summaryOf,
	unsubscribe
} from './subscription.service';

const ADMIN = { permission: 'users.manage' } as const;
const linkHolder = z.object({
	channel: z.enum(SUBSCRIPTION_CHANNELS),
	address: z.string(),
	language: z.enum(NOTICE_LANGS)
});

export const subscriptionEndpoints = [
	endpoint({
		id: 'subscribe',
		method: 'POST',
		path: '/api/v1/subscriptions',
		tag: 'subscriptions',
		summary: 'Subscribe to public notices by e-mail or webhook (no account)',
		description:
			'E-mail: a confirmation link is mailed, and nothing else is sent until it is used (the answer is the same for an address subscribed already). Webhook: the answer carries its signing secret once; a signed verification message follows, and the webhook counts once it is answered with a 2xx. services are cutover-slug/service-key of public status pages; none means all. Requests are limited per client address (30 an hour) and per e-mail address (5 a day, from anywhere): over a limit, 429 with Retry-After.',
		public: true,
		body: subscribeInput,
		ok: { status: 201, schema: subscribed, description: 'Subscribed, waiting for confirmation' },
		errors: [400, 409, 413, 429],
		handle: ({ ctx, body, address }) => subscribe(ctx, body, address)
	}),
	endpoint({
		id: 'confirmSubscription',
		method: 'POST',
		path: '/api/v1/subscriptions/confirm/{token}',
		tag: 'subscriptions',
		summary: 'Confirm an e-mail subscription by its link (once)',
		public: true,
		params: subscriptionTokenParams,
		ok: { schema: linkHolder, description: 'Confirmed' },
		errors: [400, 404],
		handle: ({ ctx, params }) => confirmSubscription(ctx, params.token)
	}),
	endpoint({
		id: 'unsubscribe',
		method: 'POST',
		path: '/api/v1/subscriptions/unsubscribe/{token}',
		tag: 'subscriptions',
		summary: 'Unsubscribe by the link in any message: the address is forgotten',
		public: true,
		params: subscriptionTokenParams,
		ok: { schema: linkHolder, description: 'Unsubscribed' },
		errors: [400, 404],
		handle: ({ ctx, params }) => unsubscribe(ctx, params.token)
	}),
	endpoint({
		id: 'getSubscriptionChoices',
		method: 'GET',
		path: '/api/v1/subscriptions/manage/{token}',
		tag: 'subscriptions',
		summary: 'Whom the link in a message is for, and the language and services they follow',
		public: true,
		params: subscriptionTokenParams,
		ok: { schema: subscriptionChoices, description: 'The subscription' },
		errors: [400, 404],
		handle: ({ ctx, params }) => choicesOf(ctx, params.token)
	}),
	endpoint({
		id: 'changeSubscriptionChoices',
		method: 'PUT',
		path: '/api/v1/subscriptions/manage/{token}',
		tag: 'subscriptions',
		summary: 'Change the language and services by the link in a message (no services: all)',
		public: true,
		params: subscriptionTokenParams,
		body: subscriptionChoicesInput,
		ok: { schema: subscriptionChoices, description: 'Changed' },
		errors: [400, 404, 413],
		handle: ({ ctx, params, body }) => changeChoices(ctx, params.token, body)
	}),
	endpoint({
		id: 'getSubscriptionSummary',
		method: 'GET',
		path: '/api/v1/subscriptions',
		tag: 'subscriptions',
		summary: 'How many subscribers (confirmed or not) and messages (by state) there are (admins)',
		access: ADMIN,
		ok: { schema: subscriptionSummary, description: 'The counts' },
		errors: [401, 403],
		handle: ({ ctx, actor }) => summaryOf(ctx, actor)
	}),
	endpoint({
		id: 'listSubscribers',
		method: 'GET',
		path: '/api/v1/subscriptions/subscribers',
		tag: 'subscriptions',
		summary: 'The subscribers, newest first (admins)',
		access: ADMIN,
		query: listQuery,
		ok: { schema: pageOf(subscriberView), description: 'A page of subscribers' },
		errors: [400, 401, 403],
		handle: ({ ctx, actor, query }) => listSubscribers(ctx, actor, query)
	}),
	endpoint({
		id: 'listSubscriptionDeliveries',
		method: 'GET',
		path: '/api/v1/subscriptions/deliveries',
		tag: 'subscriptions',
		summary:
			'The delivery log: every message to a subscriber with its state, attempts and last error; ?subscriber=<id> gives one subscriber’s (admins)',
		access: ADMIN,
		query: subscriptionDeliveriesQuery,
		ok: { schema: pageOf(subscriptionDeliveryView), description: 'A page of the log, newest first' },
		errors: [400, 401, 403],
		handle: ({ ctx, actor, query }) => listSubscriptionDeliveries(ctx, actor, query)
	}),
	endpoint({
		id: 'enableSubscriber',
		method: 'POST',
		path: '/api/v1/subscriptions/subscribers/{id}/enable',
		tag: 'subscriptions',
		summary: 'Enable again a webhook disabled after failing (admins; recorded in the audit log)',
		description:
			'A webhook is disabled when one of its messages was given up (every attempt failed, for about 17.5 hours) and none was delivered since that one was queued. Enabled again, it is sent the notices published from then on; what was given up is not resent.',
		access: ADMIN,
		params: subscriberParams,
		ok: { schema: subscriberView, description: 'Enabled' },
		errors: [400, 401, 403, 404, 409],
		handle: ({ ctx, actor, params }) => enableSubscriber(ctx, actor, params.id)
	})
];
