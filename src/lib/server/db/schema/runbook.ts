import {
	bigint,
	index,
	integer,
	jsonb,
	pgTable,
	text,
	timestamp,
	unique,
	uuid,
	type AnyPgColumn
} from 'drizzle-orm/pg-core';
import { DEFAULT_NOTICE_SETTINGS, type NoticeSettings } from '../../../shared/notices/rules';
import { CUTOVER_KINDS, DEFAULT_ANNOUNCE_DAYS, STEP_KINDS } from '../../../shared/programmes/rules';
import { TASK_STATUSES } from '../../../shared/task-status';
import { oneOf } from './checks';
import { programmeSystems } from './programmes';

/**
 * A cutover, or a programme: both are event streams with a window (a programme's window is its whole span), so
 * both share the one write path, the rooms and resync. A wave is a cutover of a programme (`programmeId`); a
 * rehearsal is a cutover that rehearses another (`rehearsalOf`).
 */
export const cutovers = pgTable(
	'cutovers',
	{
		id: uuid().primaryKey().defaultRandom(),
		slug: text().notNull().unique(),
		kind: text({ enum: CUTOVER_KINDS }).notNull().default('cutover'),
		programmeId: uuid().references((): AnyPgColumn => cutovers.id, { onDelete: 'cascade' }),
		rehearsalOf: uuid().references((): AnyPgColumn => cutovers.id, { onDelete: 'set null' }),
		name: text().notNull(),
		timezone: text().notNull(),
		windowStart: timestamp({ withTimezone: true }).notNull(),
		windowEnd: timestamp({ withTimezone: true }).notNull(),
		/** The seq of the newest event; bumped under the row lock, so seq order is commit order. */
		lastSeq: bigint({ mode: 'number' }).notNull().default(0),
		version: integer().notNull().default(1),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		/** Which languages a notice needs, whether a second person approves it, whether the public page shows it. */
		noticeSettings: jsonb().$type<NoticeSettings>().notNull().default(DEFAULT_NOTICE_SETTINGS),
		/** A programme's: how many days before a system's window its notice is drafted and its contact told. */
		announceDaysAhead: integer().notNull().default(DEFAULT_ANNOUNCE_DAYS)
	},
	(t) => [index().on(t.programmeId), oneOf('cutovers_kind_check', t.kind, CUTOVER_KINDS)]
);

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
		/** In a programme's wave: the system this task moves, and what the step is to the system's move. */
		systemId: uuid().references((): AnyPgColumn => programmeSystems.id, { onDelete: 'set null' }),
		systemStep: text({ enum: STEP_KINDS }),
		position: integer().notNull(),
		version: integer().notNull().default(1),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique().on(t.cutoverId, t.key),
		index().on(t.cutoverId, t.position),
		oneOf('tasks_status_check', t.status, TASK_STATUSES),
		oneOf('tasks_system_step_check', t.systemStep, STEP_KINDS)
	]
);

export type CutoverRow = typeof cutovers.$inferSelect;
export type PhaseRow = typeof phases.$inferSelect;
export type TaskRow = typeof tasks.$inferSelect;
