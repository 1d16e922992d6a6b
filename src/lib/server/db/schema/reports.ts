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
import type { ReportAction, SupplierView } from '../../../shared/schemas/reports';
import { incidents } from './incidents';

/**
 * A request for a supplier's report: the link's token is kept only as its SHA-256 (as API tokens are), scoped to
 * one incident and this request, used once (`usedAt`) and refused after `expiresAt`.
 */
export const incidentReportRequests = pgTable(
	'incident_report_requests',
	{
		id: uuid().primaryKey().defaultRandom(),
		incidentId: uuid()
			.notNull()
			.references(() => incidents.id, { onDelete: 'cascade' }),
		tokenHash: text().notNull().unique(),
		supplier: jsonb().$type<SupplierView>().notNull(),
		requestedBy: text().notNull(),
		requestedAt: timestamp({ withTimezone: true }).notNull(),
		expiresAt: timestamp({ withTimezone: true }).notNull(),
		usedAt: timestamp({ withTimezone: true }),
		/** The seq of the event that recorded the request. */
		seq: bigint({ mode: 'number' }).notNull()
	},
	(t) => [index().on(t.incidentId)]
);

/** A supplier's report, one row per version (append-only: the migration's trigger refuses changes). */
export const incidentReports = pgTable(
	'incident_reports',
	{
		id: bigserial({ mode: 'number' }).primaryKey(),
		incidentId: uuid()
			.notNull()
			.references(() => incidents.id, { onDelete: 'cascade' }),
		requestId: uuid()
			.notNull()
			.references(() => incidentReportRequests.id, { onDelete: 'cascade' }),
		supplierEmail: text().notNull(),
		supplier: jsonb().$type<SupplierView>().notNull(),
		version: integer().notNull(),
		when: text().notNull(),
		how: text().notNull(),
		what: text().notNull(),
		why: text().notNull(),
		consequences: text().notNull(),
		actions: jsonb().$type<ReportAction[]>().notNull(),
		submittedAt: timestamp({ withTimezone: true }).notNull(),
		seq: bigint({ mode: 'number' }).notNull()
	},
	(t) => [unique().on(t.incidentId, t.supplierEmail, t.version)]
);

/** The root-cause analysis of an incident, one row per version (append-only, as reports). */
export const incidentRcas = pgTable(
	'incident_rcas',
	{
		id: bigserial({ mode: 'number' }).primaryKey(),
		incidentId: uuid()
			.notNull()
			.references(() => incidents.id, { onDelete: 'cascade' }),
		version: integer().notNull(),
		cause: text().notNull(),
		contributing: text().notNull(),
		wentWell: text().notNull(),
		wentBadly: text().notNull(),
		actions: jsonb().$type<ReportAction[]>().notNull(),
		recordedBy: text().notNull(),
		recordedAt: timestamp({ withTimezone: true }).notNull(),
		seq: bigint({ mode: 'number' }).notNull()
	},
	(t) => [unique().on(t.incidentId, t.version)]
);

export type ReportRequestRow = typeof incidentReportRequests.$inferSelect;
export type ReportRow = typeof incidentReports.$inferSelect;
export type RcaRow = typeof incidentRcas.$inferSelect;
