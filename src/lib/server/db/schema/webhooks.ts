import {
	bigint,
	bigserial,
	boolean,
	index,
	integer,
	jsonb,
	pgTable,
	text,
	timestamp,
	uuid
} from 'drizzle-orm/pg-core';
import { DELIVERY_OUTCOMES, DISABLED_REASONS } from '../../../shared/webhooks/schedule';
import { oneOf } from './checks';
import { cutovers } from './runbook';

/**
 * Where a cutover's events are sent (Standard Webhooks): the address, which event types, the signing secret, and
 * the dispatcher's place in the event log. The log is the outbox: `cursorSeq` is the last seq this endpoint is
 * done with (delivered, or not one of its types); the next message of its types after it is the one being sent,
 * `failedAttempts` times failed so far, next tried at `nextAttemptAt` (null: as soon as possible).
 */
export const webhookEndpoints = pgTable(
	'webhook_endpoints',
	{
		id: uuid().primaryKey().defaultRandom(),
		cutoverId: uuid()
			.notNull()
			.references(() => cutovers.id, { onDelete: 'cascade' }),
		url: text().notNull(),
		description: text().notNull().default(''),
		/** Event types (`task.transitioned`) and prefixes (`opening.*`, `*`) this endpoint is sent. */
		events: jsonb().$type<string[]>().notNull(),
		/** `whsec_<base64>`: needed in the clear to sign, so it is kept as given; never logged, shown once. */
		secret: text().notNull(),
		enabled: boolean().notNull().default(true),
		/** Why it is disabled: `failing` (the dispatcher gave up on a message) or `manual`. */
		disabledReason: text({ enum: DISABLED_REASONS }),
		createdBy: text().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		version: integer().notNull().default(1),
		cursorSeq: bigint({ mode: 'number' }).notNull(),
		failedAttempts: integer().notNull().default(0),
		nextAttemptAt: timestamp({ withTimezone: true, precision: 3 })
	},
	(t) => [
		index().on(t.cutoverId),
		oneOf('webhook_endpoints_disabled_reason_check', t.disabledReason, DISABLED_REASONS)
	]
);

/** The delivery log: one row per attempt, newest read first. A test message has no seq. */
export const webhookDeliveries = pgTable(
	'webhook_deliveries',
	{
		id: bigserial({ mode: 'number' }).primaryKey(),
		endpointId: uuid()
			.notNull()
			.references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
		seq: bigint({ mode: 'number' }),
		messageId: text().notNull(),
		eventType: text().notNull(),
		attempt: integer().notNull(),
		at: timestamp({ withTimezone: true, precision: 3 }).notNull(),
		/** delivered; retrying (tried again at nextAttemptAt); failed (given up: the endpoint was disabled). */
		outcome: text({ enum: DELIVERY_OUTCOMES }).notNull(),
		statusCode: integer(),
		durationMs: integer().notNull(),
		error: text(),
		response: text(),
		nextAttemptAt: timestamp({ withTimezone: true, precision: 3 })
	},
	(t) => [
		index().on(t.endpointId, t.id),
		oneOf('webhook_deliveries_outcome_check', t.outcome, DELIVERY_OUTCOMES)
	]
);

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
