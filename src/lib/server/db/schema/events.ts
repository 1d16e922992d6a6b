import {
	bigint,
	bigserial,
	integer,
	jsonb,
	pgTable,
	text,
	timestamp,
	unique,
	uuid
} from 'drizzle-orm/pg-core';
import { cutovers } from './runbook';

/** The append-only event log: realtime sync, resync, activity feed and audit trail in one. */
export const events = pgTable(
	'events',
	{
		id: bigserial({ mode: 'number' }).primaryKey(),
		cutoverId: uuid()
			.notNull()
			.references(() => cutovers.id, { onDelete: 'cascade' }),
		seq: bigint({ mode: 'number' }).notNull(),
		type: text().notNull(),
		at: timestamp({ withTimezone: true }).notNull().defaultNow(),
		actorId: uuid(),
		actorName: text().notNull(),
		data: jsonb().notNull()
	},
	(t) => [unique().on(t.cutoverId, t.seq)]
);

/** A POST carrying an Idempotency-Key is applied once; a retry gets the stored first answer. */
export const idempotencyKeys = pgTable(
	'idempotency_keys',
	{
		principal: text().notNull(),
		key: text().notNull(),
		status: integer().notNull(),
		body: jsonb().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [unique().on(t.principal, t.key)]
);

export type EventRow = typeof events.$inferSelect;
