import {
	bigint,
	bigserial,
	index,
	integer,
	jsonb,
	pgTable,
	text,
	timestamp,
	unique,
	uuid
} from 'drizzle-orm/pg-core';
import { NOTICE_LANGS } from '../../../shared/notices/rules';
import { DELIVERY_KINDS, DELIVERY_STATES, SUBSCRIPTION_CHANNELS } from '../../../shared/subscriptions/rules';
import { oneOf } from './checks';
import { noticeEntries } from './notices';

/**
 * Someone of the public told of notices: an e-mail address or a webhook URL, the language they read, and the
 * services they chose (`cutover-slug/service-key`; none: all). Nothing but their confirmation is sent until
 * `confirmedAt` (the confirmation link used, or the webhook's verification answered with a 2xx); unconfirmed
 * ones are forgotten after a while. Unsubscribing deletes the row and its deliveries. A webhook that kept failing
 * is disabled (`disabledAt`, and why): nothing is queued or sent for it until an admin enables it again.
 */
export const subscribers = pgTable(
	'subscribers',
	{
		id: uuid().primaryKey().defaultRandom(),
		channel: text({ enum: SUBSCRIPTION_CHANNELS }).notNull(),
		/** An e-mail address (lower case) or an http(s) URL. */
		address: text().notNull(),
		language: text({ enum: NOTICE_LANGS }).notNull(),
		services: jsonb().$type<string[]>().notNull().default([]),
		/** A webhook's `whsec_` secret: needed in the clear to sign, shown once. */
		secret: text(),
		/** SHA-256 of the confirmation link's token (made when that mail is sent); null once used. */
		confirmTokenHash: text().unique(),
		createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
		confirmedAt: timestamp({ withTimezone: true, precision: 3 }),
		disabledAt: timestamp({ withTimezone: true, precision: 3 }),
		/** Why it was disabled, in English (the last error of the message given up). */
		disabledReason: text()
	},
	(t) => [
		unique().on(t.channel, t.address),
		index().on(t.confirmedAt),
		oneOf('subscribers_channel_check', t.channel, SUBSCRIPTION_CHANNELS),
		oneOf('subscribers_language_check', t.language, NOTICE_LANGS)
	]
);

/**
 * The outbox: one row per message to one subscriber, queued in the transaction that makes it due (a notice
 * entry's, one INSERT ... SELECT for every matching subscriber) and unique per subscriber and entry, so nothing
 * is queued twice. The sender claims due rows (moving `dueAt` past its claim), sends, and marks them sent; a row
 * claimed by a sender that died falls due again when its claim runs out.
 */
export const subscriptionDeliveries = pgTable(
	'subscription_deliveries',
	{
		id: bigserial({ mode: 'number' }).primaryKey(),
		subscriberId: uuid()
			.notNull()
			.references(() => subscribers.id, { onDelete: 'cascade' }),
		kind: text({ enum: DELIVERY_KINDS }).notNull(),
		entryId: bigint({ mode: 'number' }).references(() => noticeEntries.id, { onDelete: 'cascade' }),
		state: text({ enum: DELIVERY_STATES }).notNull().default('pending'),
		attempts: integer().notNull().default(0),
		dueAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
		/** SHA-256 of the unsubscribe link's token this message carries (made when it is claimed). */
		unsubscribeTokenHash: text().unique(),
		lastError: text(),
		createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
		sentAt: timestamp({ withTimezone: true, precision: 3 })
	},
	(t) => [
		unique().on(t.subscriberId, t.entryId),
		index().on(t.state, t.dueAt),
		oneOf('subscription_deliveries_kind_check', t.kind, DELIVERY_KINDS),
		oneOf('subscription_deliveries_state_check', t.state, DELIVERY_STATES)
	]
);

export type SubscriberRow = typeof subscribers.$inferSelect;
export type SubscriptionDeliveryRow = typeof subscriptionDeliveries.$inferSelect;
