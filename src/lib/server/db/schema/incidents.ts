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
	unique,
	uuid
} from 'drizzle-orm/pg-core';
import { INCIDENT_STATUSES, SERVICE_STATUSES, SEVERITIES } from '../../../shared/incidents/rules';
import type {
	AffectedView,
	RestrictionView,
	SupplierContact,
	TimelineDetail
} from '../../../shared/schemas/incidents';
import { TIMELINE_KINDS } from '../../../shared/schemas/incidents';
import { oneOf } from './checks';
import { cutovers } from './runbook';

/**
 * A cutover's catalogue of services (what the public status page will list), each with the status an operator
 * set by hand and its latest restriction. What a service shows is derived from the open incidents affecting it.
 */
export const services = pgTable(
	'services',
	{
		id: uuid().primaryKey().defaultRandom(),
		cutoverId: uuid()
			.notNull()
			.references(() => cutovers.id, { onDelete: 'cascade' }),
		key: text().notNull(),
		name: text().notNull(),
		status: text({ enum: SERVICE_STATUSES }).notNull().default('operational'),
		statusNote: text(),
		statusBy: text(),
		statusAt: timestamp({ withTimezone: true }),
		restriction: jsonb().$type<RestrictionView>(),
		position: integer().notNull(),
		version: integer().notNull().default(1)
	},
	(t) => [unique().on(t.cutoverId, t.key), oneOf('services_status_check', t.status, SERVICE_STATUSES)]
);

/**
 * An incident, numbered per cutover (INC-1...). Its affected services, roles and restoration order are kept whole
 * on the row; every change to them is also an entry of its timeline, written in the same transaction.
 */
export const incidents = pgTable(
	'incidents',
	{
		id: uuid().primaryKey().defaultRandom(),
		cutoverId: uuid()
			.notNull()
			.references(() => cutovers.id, { onDelete: 'cascade' }),
		number: integer().notNull(),
		title: text().notNull(),
		severity: text({ enum: SEVERITIES }).notNull(),
		status: text({ enum: INCIDENT_STATUSES }).notNull(),
		affected: jsonb().$type<AffectedView[]>().notNull().default([]),
		priorities: jsonb().$type<string[]>().notNull().default([]),
		mim: text(),
		mimPending: boolean().notNull().default(false),
		commsLead: text(),
		scribe: text(),
		suppliers: jsonb().$type<SupplierContact[]>().notNull().default([]),
		breachMetric: text(),
		breachSeq: bigint({ mode: 'number' }),
		/** The tester's sign-off it was opened from: the system's key and the seq in the programme's log. */
		signoffSystem: text(),
		signoffSeq: bigint({ mode: 'number' }),
		startedAt: timestamp({ withTimezone: true }).notNull(),
		detectedAt: timestamp({ withTimezone: true }).notNull(),
		mimNamedAt: timestamp({ withTimezone: true }),
		resolvedAt: timestamp({ withTimezone: true }),
		openedAt: timestamp({ withTimezone: true }).notNull(),
		openedBy: text().notNull(),
		openedSeq: bigint({ mode: 'number' }).notNull(),
		resolvedSeq: bigint({ mode: 'number' }),
		version: integer().notNull().default(1)
	},
	(t) => [
		unique().on(t.cutoverId, t.number),
		oneOf('incidents_severity_check', t.severity, SEVERITIES),
		oneOf('incidents_status_check', t.status, INCIDENT_STATUSES)
	]
);

/**
 * An incident's timeline, append-only: the migration's triggers refuse updating or deleting an entry (but when
 * its incident goes); a correction is a new entry that names the one it corrects.
 */
export const incidentTimeline = pgTable(
	'incident_timeline',
	{
		id: bigserial({ mode: 'number' }).primaryKey(),
		incidentId: uuid()
			.notNull()
			.references(() => incidents.id, { onDelete: 'cascade' }),
		/** The seq of the event that recorded it. */
		seq: bigint({ mode: 'number' }).notNull(),
		at: timestamp({ withTimezone: true }).notNull(),
		actorName: text().notNull(),
		kind: text({ enum: TIMELINE_KINDS }).notNull(),
		text: text(),
		detail: jsonb().$type<TimelineDetail>().notNull(),
		corrects: bigint({ mode: 'number' })
	},
	(t) => [index().on(t.incidentId, t.id), oneOf('incident_timeline_kind_check', t.kind, TIMELINE_KINDS)]
);

export type ServiceRow = typeof services.$inferSelect;
export type IncidentRow = typeof incidents.$inferSelect;
export type TimelineRow = typeof incidentTimeline.$inferSelect;
