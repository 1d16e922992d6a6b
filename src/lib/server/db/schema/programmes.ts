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
import { DELIVERY_STATES } from '../../../shared/subscriptions/rules';
import {
	CONTACT_MESSAGE_KINDS,
	CRITICALITIES,
	ENVIRONMENTS,
	SIGNOFF_VERDICTS,
	SYSTEM_STAGES,
	type SignoffVerdict,
	type Tester
} from '../../../shared/programmes/rules';
import type { TemplateStep } from '../../../shared/schemas/programmes';
import { oneOf } from './checks';
import { notices } from './notices';
import { cutovers } from './runbook';

/**
 * A system of a programme's inventory, matched on re-import by its stable `key`. Its wave is a cutover of the
 * programme; `stage` is kept by the service from the wave's tasks and the testers' verdicts (shared
 * `systemStage`), so counts are one grouped query. Host names in `machines` are internal: never public.
 */
export const programmeSystems = pgTable(
	'programme_systems',
	{
		id: uuid().primaryKey().defaultRandom(),
		programmeId: uuid()
			.notNull()
			.references(() => cutovers.id, { onDelete: 'cascade' }),
		key: text().notNull(),
		name: text().notNull(),
		agency: text().notNull(),
		environment: text({ enum: ENVIRONMENTS }).notNull(),
		vmCount: integer().notNull(),
		machines: text().array().notNull().default([]),
		criticality: text({ enum: CRITICALITIES }).notNull(),
		contactName: text().notNull(),
		contactEmail: text().notNull(),
		testers: jsonb().$type<Tester[]>().notNull().default([]),
		/** The kind of system: the template its move is built from. */
		templateKey: text(),
		waveId: uuid().references(() => cutovers.id, { onDelete: 'set null' }),
		/** The system's agreed migration window (its downtime), in the wave. */
		windowStart: timestamp({ withTimezone: true }),
		windowEnd: timestamp({ withTimezone: true }),
		/**
		 * Bumped each time the window moves: the contact's messages and calendar entry are per revision, so a
		 * changed window is told once and updates the entry instead of adding one.
		 */
		windowRevision: integer().notNull().default(0),
		/** The planned-maintenance notice of its window, in its wave, once drafted (days ahead of it). */
		noticeId: uuid().references(() => notices.id, { onDelete: 'set null' }),
		/** The template version its tasks in the wave were built from. */
		builtFromVersion: integer(),
		stage: text({ enum: SYSTEM_STAGES }).notNull().default('unplanned'),
		startedAt: timestamp({ withTimezone: true }),
		movedAt: timestamp({ withTimezone: true }),
		/** Each tester's latest verdict, by lower-case e-mail (the history is system_signoffs). */
		verdicts: jsonb().$type<Record<string, SignoffVerdict>>().notNull().default({}),
		migratedAt: timestamp({ withTimezone: true }),
		version: integer().notNull().default(1),
		updatedAt: timestamp({ withTimezone: true }).notNull()
	},
	(t) => [
		unique().on(t.programmeId, t.key),
		index().on(t.waveId),
		oneOf('programme_systems_environment_check', t.environment, ENVIRONMENTS),
		oneOf('programme_systems_criticality_check', t.criticality, CRITICALITIES),
		oneOf('programme_systems_stage_check', t.stage, SYSTEM_STAGES)
	]
);

/**
 * A runbook template per kind of system: its steps, instantiated per system when a wave is built. Each save is a
 * new version; what a wave was built from stays as it was until the template is re-applied to it.
 */
export const runbookTemplates = pgTable(
	'runbook_templates',
	{
		id: uuid().primaryKey().defaultRandom(),
		programmeId: uuid()
			.notNull()
			.references(() => cutovers.id, { onDelete: 'cascade' }),
		key: text().notNull(),
		name: text().notNull(),
		version: integer().notNull().default(1),
		steps: jsonb().$type<TemplateStep[]>().notNull(),
		updatedBy: text().notNull(),
		updatedAt: timestamp({ withTimezone: true }).notNull()
	},
	(t) => [unique().on(t.programmeId, t.key)]
);

/** A tester's word on a system, append-only (the migration's trigger refuses changes). */
export const systemSignoffs = pgTable(
	'system_signoffs',
	{
		id: bigserial({ mode: 'number' }).primaryKey(),
		systemId: uuid()
			.notNull()
			.references(() => programmeSystems.id, { onDelete: 'cascade' }),
		/** The wave the system was in (kept as it was: the row is never changed). */
		waveId: uuid(),
		testerName: text().notNull(),
		testerEmail: text().notNull(),
		verdict: text({ enum: SIGNOFF_VERDICTS }).notNull(),
		note: text().notNull().default(''),
		/** `link`: through a one-use link; otherwise the username who recorded it. */
		via: text().notNull(),
		at: timestamp({ withTimezone: true }).notNull(),
		/** The follow-up task a "problems" verdict opened in the wave. */
		followUpTask: text(),
		seq: bigint({ mode: 'number' }).notNull()
	},
	(t) => [index().on(t.systemId, t.id), oneOf('system_signoffs_verdict_check', t.verdict, SIGNOFF_VERDICTS)]
);

/**
 * A tester's one-use, expiring sign-off link: the token is kept only as its SHA-256, scoped to one system and one
 * tester (as supplier report links are).
 */
export const signoffLinks = pgTable(
	'signoff_links',
	{
		id: uuid().primaryKey().defaultRandom(),
		systemId: uuid()
			.notNull()
			.references(() => programmeSystems.id, { onDelete: 'cascade' }),
		tokenHash: text().notNull().unique(),
		testerEmail: text().notNull(),
		requestedBy: text().notNull(),
		requestedAt: timestamp({ withTimezone: true }).notNull(),
		expiresAt: timestamp({ withTimezone: true }).notNull(),
		usedAt: timestamp({ withTimezone: true })
	},
	(t) => [index().on(t.systemId)]
);

/** The programme's counts as they stood each week: the public progress view's history. */
export const programmeSnapshots = pgTable(
	'programme_snapshots',
	{
		id: uuid().primaryKey().defaultRandom(),
		programmeId: uuid()
			.notNull()
			.references(() => cutovers.id, { onDelete: 'cascade' }),
		/** The ISO week the snapshot stands for, e.g. 2026-W49. */
		week: text().notNull(),
		takenAt: timestamp({ withTimezone: true }).notNull(),
		counts: jsonb().$type<Record<string, unknown>>().notNull()
	},
	(t) => [unique().on(t.programmeId, t.week)]
);

/**
 * The outbox of messages to systems' contact persons (its sender is the subscribers' one): the downtime
 * announced days ahead, the window changed, the reminder the day before. Unique per system, kind and window
 * revision, so nothing is told twice.
 */
export const contactMessages = pgTable(
	'contact_messages',
	{
		id: bigserial({ mode: 'number' }).primaryKey(),
		systemId: uuid()
			.notNull()
			.references(() => programmeSystems.id, { onDelete: 'cascade' }),
		kind: text({ enum: CONTACT_MESSAGE_KINDS }).notNull(),
		windowRevision: integer().notNull(),
		/** The address, and the window told, as they were when it was queued. */
		address: text().notNull(),
		windowStart: timestamp({ withTimezone: true }).notNull(),
		windowEnd: timestamp({ withTimezone: true }).notNull(),
		/** A changed window's message: the window before. */
		previousStart: timestamp({ withTimezone: true }),
		previousEnd: timestamp({ withTimezone: true }),
		state: text({ enum: DELIVERY_STATES }).notNull().default('pending'),
		attempts: integer().notNull().default(0),
		dueAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
		lastError: text(),
		createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
		sentAt: timestamp({ withTimezone: true, precision: 3 })
	},
	(t) => [
		unique().on(t.systemId, t.kind, t.windowRevision),
		index().on(t.state, t.dueAt),
		oneOf('contact_messages_kind_check', t.kind, CONTACT_MESSAGE_KINDS),
		oneOf('contact_messages_state_check', t.state, DELIVERY_STATES)
	]
);

export type ContactMessageRow = typeof contactMessages.$inferSelect;
export type ProgrammeSystemRow = typeof programmeSystems.$inferSelect;
export type RunbookTemplateRow = typeof runbookTemplates.$inferSelect;
export type SystemSignoffRow = typeof systemSignoffs.$inferSelect;
export type SignoffLinkRow = typeof signoffLinks.$inferSelect;
export type ProgrammeSnapshotRow = typeof programmeSnapshots.$inferSelect;
