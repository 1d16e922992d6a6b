import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import {
	cutovers,
	incidentRcas,
	incidentReportRequests,
	incidentReports,
	incidents,
	type IncidentRow,
	type RcaRow,
	type ReportRequestRow,
	type ReportRow
} from '../db/schema';

type Q = Db | Tx;

export async function insertRequest(
	tx: Tx,
	row: typeof incidentReportRequests.$inferInsert
): Promise<ReportRequestRow> {
	const [inserted] = await tx.insert(incidentReportRequests).values(row).returning();
	return inserted;
}

/** A request by its token's hash, with its incident (whatever the cutover: the token is the scope). */
export async function requestByHash(
	db: Q,
	tokenHash: string
): Promise<
	{ request: ReportRequestRow; incident: IncidentRow; cutoverName: string; timezone: string } | undefined
> {
	const [row] = await db
		.select({
			request: incidentReportRequests,
			incident: incidents,
			cutoverName: cutovers.name,
			timezone: cutovers.timezone
		})
		.from(incidentReportRequests)
		.innerJoin(incidents, eq(incidents.id, incidentReportRequests.incidentId))
		.innerJoin(cutovers, eq(cutovers.id, incidents.cutoverId))
		.where(eq(incidentReportRequests.tokenHash, tokenHash));
	return row;
}

/** Marks a request used, once: undefined when it was used meanwhile. */
export async function useRequest(tx: Tx, id: string, at: Date): Promise<ReportRequestRow | undefined> {
	const [row] = await tx
		.update(incidentReportRequests)
		.set({ usedAt: at })
		.where(and(eq(incidentReportRequests.id, id), isNull(incidentReportRequests.usedAt)))
		.returning();
	return row;
}

export const requestsOf = (db: Q, incidentId: string): Promise<ReportRequestRow[]> =>
	db
		.select()
		.from(incidentReportRequests)
		.where(eq(incidentReportRequests.incidentId, incidentId))
		.orderBy(asc(incidentReportRequests.seq));

export async function nextReportVersion(tx: Tx, incidentId: string, email: string): Promise<number> {
	const [row] = await tx
		.select({ max: sql<number | null>`max(${incidentReports.version})` })
		.from(incidentReports)
		.where(and(eq(incidentReports.incidentId, incidentId), eq(incidentReports.supplierEmail, email)));
	return (row?.max ?? 0) + 1;
}

export async function insertReport(tx: Tx, row: typeof incidentReports.$inferInsert): Promise<ReportRow> {
	const [inserted] = await tx.insert(incidentReports).values(row).returning();
	return inserted;
}

/** Every version of every report on an incident, oldest first. */
export const reportsOf = (db: Q, incidentId: string): Promise<ReportRow[]> =>
	db
		.select()
		.from(incidentReports)
		.where(eq(incidentReports.incidentId, incidentId))
		.orderBy(asc(incidentReports.id));

export async function latestReportOf(
	db: Q,
	incidentId: string,
	email: string
): Promise<ReportRow | undefined> {
	const [row] = await db
		.select()
		.from(incidentReports)
		.where(and(eq(incidentReports.incidentId, incidentId), eq(incidentReports.supplierEmail, email)))
		.orderBy(sql`${incidentReports.version} desc`)
		.limit(1);
	return row;
}

export async function nextRcaVersion(tx: Tx, incidentId: string): Promise<number> {
	const [row] = await tx
		.select({ max: sql<number | null>`max(${incidentRcas.version})` })
		.from(incidentRcas)
		.where(eq(incidentRcas.incidentId, incidentId));
	return (row?.max ?? 0) + 1;
}

export async function insertRca(tx: Tx, row: typeof incidentRcas.$inferInsert): Promise<RcaRow> {
	const [inserted] = await tx.insert(incidentRcas).values(row).returning();
	return inserted;
}

/** Every version of the incident's analysis, oldest first. */
export const rcasOf = (db: Q, incidentId: string): Promise<RcaRow[]> =>
	db
		.select()
		.from(incidentRcas)
		.where(eq(incidentRcas.incidentId, incidentId))
		.orderBy(asc(incidentRcas.version));
