import { bigint, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { DEFAULT_NOTICE_SETTINGS, type NoticeSettings } from '../../../shared/notices/rules';
import { TASK_STATUSES } from '../../../shared/task-status';
import { oneOf } from './checks';

export const cutovers = pgTable('cutovers', {
	id: uuid().primaryKey().defaultRandom(),
	slug: text().notNull().unique(),
	name: text().notNull(),
	timezone: text().notNull(),
	windowStart: timestamp({ withTimezone: true }).notNull(),
	windowEnd: timestamp({ withTimezone: true }).notNull(),
	/** The seq of the newest event; bumped under the row lock, so seq order is commit order. */
	lastSeq: bigint({ mode: 'number' }).notNull().default(0),
	version: integer().notNull().default(1),
	createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	/** Which languages a notice needs, whether a second person approves it, whether the public page shows it. */
	noticeSettings: jsonb().$type<NoticeSettings>().notNull().default(DEFAULT_NOTICE_SETTINGS)
});

export const phases = pgTable(
	'phases',
	{
		id: uuid().primaryKey().defaultRandom(),
		cutoverId: uuid()
			.notNull()
			.references(() => cutovers.id, { onDelete: 'cascade' }),
		name: text().notNull(),
		position: integer().notNull()
	},
	(t) => [unique().on(t.cutoverId, t.name)]
);

export const tasks = pgTable(
	'tasks',
	{
		id: uuid().primaryKey().defaultRandom(),
		cutoverId: uuid()
			.notNull()
			.references(() => cutovers.id, { onDelete: 'cascade' }),
		phaseId: uuid()
			.notNull()
			.references(() => phases.id),
		key: text().notNull(),
		title: text().notNull(),
		description: text().notNull().default(''),
		owner: text().notNull(),
		durationMinutes: integer().notNull(),
		notBefore: timestamp({ withTimezone: true }),
		/** Keys of the tasks this one waits for; the service keeps them valid and acyclic. */
		dependsOn: text().array().notNull().default([]),
		/** Keys of the data transfers this task waits for. */
		dependsOnTransfers: text().array().notNull().default([]),
		estimate: jsonb().$type<{ optimistic: number; likely: number; pessimistic: number }>(),
		/** Minutes the task took in rehearsals: its spread in the forecast when it has no three-point estimate. */
		rehearsalMinutes: integer().array().notNull().default([]),
		status: text({ enum: TASK_STATUSES }).notNull().default('not_started'),
		actualStart: timestamp({ withTimezone: true }),
		actualEnd: timestamp({ withTimezone: true }),
		lastNote: text(),
		position: integer().notNull(),
		version: integer().notNull().default(1),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique().on(t.cutoverId, t.key),
		index().on(t.cutoverId, t.position),
		oneOf('tasks_status_check', t.status, TASK_STATUSES)
	]
);

export type CutoverRow = typeof cutovers.$inferSelect;
export type PhaseRow = typeof phases.$inferSelect;
export type TaskRow = typeof tasks.$inferSelect;
