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
import { INCIDENT_STATUSES } from '../../../shared/incidents/rules';
import {
	MAINTENANCE_STATES,
	NOTICE_ENTRY_KINDS,
	NOTICE_KINDS,
	NOTICE_STATUSES,
	type NoticeTexts
} from '../../../shared/notices/rules';
import { oneOf } from './checks';
import { incidents } from './incidents';
import { cutovers } from './runbook';

/**
 * A user notice, numbered per cutover (NTC-1...): its kind, the services it concerns and, while a draft, its
 * texts by language. Once published it changes only by entries on its timeline (notice_entries); `texts` then
 * mirrors the latest entry, for listing without a join.
 */
export const notices = pgTable(
	'notices',
	{
		id: uuid().primaryKey().defaultRandom(),
		cutoverId: uuid()
			.notNull()
			.references(() => cutovers.id, { onDelete: 'cascade' }),
		number: integer().notNull(),
		kind: text({ enum: NOTICE_KINDS }).notNull(),
		status: text({ enum: NOTICE_STATUSES }).notNull().default('draft'),
		services: jsonb().$type<string[]>().notNull().default([]),
		texts: jsonb().$type<NoticeTexts>().notNull(),
		incidentId: uuid().references(() => incidents.id, { onDelete: 'set null' }),
		/** A planned maintenance's window and where it stands (moved on by the scheduler, with an event). */
		maintenanceStartsAt: timestamp({ withTimezone: true }),
		maintenanceEndsAt: timestamp({ withTimezone: true }),
		maintenanceState: text({ enum: MAINTENANCE_STATES }),
		/** Where a prefilled draft came from: a decision (D-n) or an incident (INC-n). */
		origin: text(),
		createdBy: text().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull(),
		submittedBy: text(),
		approvedBy: text(),
		approvedAt: timestamp({ withTimezone: true }),
		/** When a scheduled notice is to be published. */
		publishAt: timestamp({ withTimezone: true }),
		publishedAt: timestamp({ withTimezone: true }),
		withdrawnAt: timestamp({ withTimezone: true }),
		version: integer().notNull().default(1)
	},
	(t) => [
		unique().on(t.cutoverId, t.number),
		index().on(t.status, t.publishAt),
		oneOf('notices_kind_check', t.kind, NOTICE_KINDS),
		oneOf('notices_status_check', t.status, NOTICE_STATUSES),
		oneOf('notices_maintenance_state_check', t.maintenanceState, MAINTENANCE_STATES)
	]
);

/**
 * A notice's public timeline, append-only (the migration's triggers refuse updating or deleting an entry but
 * with its notice): the first publication, updates, corrections naming the entry they correct, a withdrawal.
 */
export const noticeEntries = pgTable(
	'notice_entries',
	{
		id: bigserial({ mode: 'number' }).primaryKey(),
		noticeId: uuid()
			.notNull()
			.references(() => notices.id, { onDelete: 'cascade' }),
		/** The seq of the event that recorded it. */
		seq: bigint({ mode: 'number' }).notNull(),
		at: timestamp({ withTimezone: true }).notNull(),
		actorName: text().notNull(),
		kind: text({ enum: NOTICE_ENTRY_KINDS }).notNull(),
		texts: jsonb().$type<NoticeTexts>().notNull(),
		corrects: bigint({ mode: 'number' }),
		incidentStatus: text({ enum: INCIDENT_STATUSES }),
		reason: text()
	},
	(t) => [
		index().on(t.noticeId, t.id),
		oneOf('notice_entries_kind_check', t.kind, NOTICE_ENTRY_KINDS),
		oneOf('notice_entries_incident_status_check', t.incidentStatus, INCIDENT_STATUSES)
	]
);

export type NoticeRow = typeof notices.$inferSelect;
export type NoticeEntryRow = typeof noticeEntries.$inferSelect;
