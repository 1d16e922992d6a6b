/**
 * Public subscriptions: what someone of the public sends to subscribe (an e-mail address or a webhook URL, a
 * language, services) and what the admin reads (subscribers, the delivery log, counts).
 */
import { z } from 'zod';
import { fieldMessage } from '../i18n/field-issues';
import { NOTICE_LANGS } from '../notices/rules';
import { DELIVERY_KINDS, DELIVERY_STATES, SERVICE_REF, SUBSCRIPTION_CHANNELS } from '../subscriptions/rules';
import { LINE_BREAKS_OR_CONTROL_CHARACTERS, isSingleLine, pagination, recordId } from './common';

const language = z.enum(NOTICE_LANGS);

const serviceRefs = z
	.array(z.string().trim().regex(SERVICE_REF, fieldMessage('serviceRef')))
	.max(100, fieldMessage('maxItems', { max: 100 }))
	.refine((refs) => new Set(refs).size === refs.length, fieldMessage('listedTwice'))
	.default([]);

export const subscribeEmailInput = z
	.object({
		channel: z.literal('email'),
		email: z
			.string()
			.trim()
			.toLowerCase()
			.max(254, fieldMessage('maxChars', { max: 254 }))
			.refine(isSingleLine, LINE_BREAKS_OR_CONTROL_CHARACTERS)
			.pipe(z.email(fieldMessage('email'))),
		language,
		/** `cutover-slug/service-key`; none: every public service. */
		services: serviceRefs
	})
	.strict();

export const subscribeWebhookInput = z
	.object({
		channel: z.literal('webhook'),
		url: z
			.string()
			.trim()
			.max(2000, fieldMessage('maxChars', { max: 2000 }))
			.refine(isSingleLine, LINE_BREAKS_OR_CONTROL_CHARACTERS)
			.url(fieldMessage('httpLink'))
			.refine((u) => /^https?:\/\//i.test(u), fieldMessage('httpLink')),
		language,
		services: serviceRefs
	})
	.strict();

export const subscribeInput = z.discriminatedUnion('channel', [subscribeEmailInput, subscribeWebhookInput]);

/** What a subscriber changes by their message's link: the language and the services (none: all). */
export const subscriptionChoicesInput = z.object({ language, services: serviceRefs }).strict();

/** Whom a message's link is for, and what they follow now. */
export const subscriptionChoices = z.object({
	channel: z.enum(SUBSCRIPTION_CHANNELS),
	address: z.string(),
	language,
	services: z.array(z.string())
});

/** The secret of a confirmation or unsubscribe link. */
export const subscriptionToken = z
	.string()
	.trim()
	.min(20, fieldMessage('invalid'))
	.max(100, fieldMessage('invalid'))
	.regex(/^[A-Za-z0-9_-]+$/, fieldMessage('invalid'));
export const subscriptionTokenParams = z.object({ token: subscriptionToken });

/**
 * What subscribing answers. An e-mail address hears nothing more until it confirms (and the answer is the same
 * whether it was known before); a webhook gets its signing secret, this once, and counts once its verification
 * message is answered with a 2xx.
 */
export const subscribed = z.object({
	channel: z.enum(SUBSCRIPTION_CHANNELS),
	secret: z
		.string()
		.nullable()
		.meta({ description: 'A webhook’s whsec_<base64> signing secret, shown only now; null for e-mail' })
});

export const subscriberView = z.object({
	id: z.string(),
	channel: z.enum(SUBSCRIPTION_CHANNELS),
	address: z.string(),
	language,
	services: z.array(z.string()),
	createdAt: z.string(),
	confirmedAt: z.string().nullable(),
	/** When golive stopped sending to it (a webhook that kept failing), or null. */
	disabledAt: z.string().nullable(),
	/** The last error of the message whose failures disabled it. */
	disabledReason: z.string().nullable()
});

export const subscriberParams = z.object({ id: recordId });

/** `?subscriber=<id>` narrows the delivery log to one subscriber's messages. */
export const subscriptionDeliveriesQuery = pagination.extend({ subscriber: recordId.optional() });

export const subscriptionDeliveryView = z.object({
	id: z.number(),
	kind: z.enum(DELIVERY_KINDS),
	/** The notice entry it tells of, for a notice. */
	entryId: z.number().nullable(),
	channel: z.enum(SUBSCRIPTION_CHANNELS),
	address: z.string(),
	state: z.enum(DELIVERY_STATES),
	attempts: z.number(),
	/** When it is (next) tried; for a sent or failed one, when it was last due. */
	dueAt: z.string(),
	lastError: z.string().nullable(),
	createdAt: z.string(),
	sentAt: z.string().nullable()
});

const confirmedOrNot = z.object({ confirmed: z.number(), unconfirmed: z.number() });
export const subscriptionSummary = z.object({
	subscribers: z.object({ email: confirmedOrNot, webhook: confirmedOrNot }),
	deliveries: z.object({ pending: z.number(), sent: z.number(), failed: z.number() })
});

export type SubscribeInput = z.infer<typeof subscribeInput>;
export type SubscriptionChoicesInput = z.infer<typeof subscriptionChoicesInput>;
export type SubscriptionChoices = z.infer<typeof subscriptionChoices>;
export type SubscriptionDeliveriesQuery = z.infer<typeof subscriptionDeliveriesQuery>;
export type Subscribed = z.infer<typeof subscribed>;
export type SubscriberView = z.infer<typeof subscriberView>;
export type SubscriptionDeliveryView = z.infer<typeof subscriptionDeliveryView>;
export type SubscriptionSummary = z.infer<typeof subscriptionSummary>;
