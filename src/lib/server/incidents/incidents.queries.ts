import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import {
	incidents,
	incidentTimeline,
	services,
	users,
	type IncidentRow,
	type ServiceRow,
	type TimelineRow
} from '../db/schema';

type Q = Db | Tx;

// ---- Services ----

export const servicesOf = (db: Q, cutoverId: string): Promise<ServiceRow[]> =>
	db
		.select()
		.from(services)
		.where(eq(services.cutoverId, cutoverId))
		.orderBy(asc(services.position), asc(services.key));

export async function serviceByKey(db: Q, cutoverId: string, key: string): Promise<ServiceRow | undefined> {
	const [row] = await db
		.select()
		.from(services)
		.where(and(eq(services.cutoverId, cutoverId), eq(services.key, key)));
	return row;
}

export async function nextServicePosition(tx: Tx, cutoverId: string): Promise<number> {
	const [row] = await tx
		.select({ max: sql<number | null>`max(${services.position})` })
		.from(services)
		.where(eq(services.cutoverId, cutoverId));
	return (row?.max ?? 0) + 1;
}

export async function insertService(tx: Tx, row: typeof services.$inferInsert): Promise<ServiceRow> {
	const [inserted] = await tx.insert(services).values(row).returning();
	return inserted;
}

export async function updateService(
	tx: Tx,
	id: string,
	changes: Partial<Omit<ServiceRow, 'id' | 'cutoverId' | 'key'>>
): Promise<ServiceRow> {
	const [row] = await tx
		.update(services)
		.set({ ...changes, version: sql`${services.version} + 1` })
		.where(eq(services.id, id))
		.returning();
	return row;
}

export const deleteService = (tx: Tx, id: string) => tx.delete(services).where(eq(services.id, id));

// ---- Incidents ----

/** Open incidents first (most severe, then newest), then the resolved ones, newest first. */
export const incidentsOf = (db: Q, cutoverId: string): Promise<IncidentRow[]> =>
	db
		.select()
		.from(incidents)
		.where(eq(incidents.cutoverId, cutoverId))
		.orderBy(
			sql`(${incidents.status} = 'resolved')`,
			sql`case when ${incidents.status} = 'resolved' then null else ${incidents.severity} end asc nulls last`,
			desc(incidents.number)
		);

/** What a service's displayed status needs: the open incidents' statuses and impacts. */
export const openImpacts = (db: Q, cutoverId: string) =>
	db
		.select({ number: incidents.number, status: incidents.status, affected: incidents.affected })
		.from(incidents)
		.where(and(eq(incidents.cutoverId, cutoverId), ne(incidents.status, 'resolved')));

export async function incidentByNumber(
	db: Q,
	cutoverId: string,
	number: number
): Promise<IncidentRow | undefined> {
	const [row] = await db
		.select()
		.from(incidents)
		.where(and(eq(incidents.cutoverId, cutoverId), eq(incidents.number, number)));
	return row;
}

export async function nextIncidentNumber(tx: Tx, cutoverId: string): Promise<number> {
	const [row] = await tx
		.select({ max: sql<number | null>`max(${incidents.number})` })
		.from(incidents)
		.where(eq(incidents.cutoverId, cutoverId));
	return (row?.max ?? 0) + 1;
}

export async function insertIncident(tx: Tx, row: typeof incidents.$inferInsert): Promise<IncidentRow> {
	const [inserted] = await tx.insert(incidents).values(row).returning();
	return inserted;
}

export async function updateIncident(
	tx: Tx,
	id: string,
	changes: Partial<Omit<IncidentRow, 'id' | 'cutoverId' | 'number'>>
): Promise<IncidentRow> {
	const [row] = await tx
		.update(incidents)
		.set({ ...changes, version: sql`${incidents.version} + 1` })
		.where(eq(incidents.id, id))
		.returning();
	return row;
}

// ---- Timelines ----

export async function insertEntries(
	tx: Tx,
	rows: (typeof incidentTimeline.$inferInsert)[]
): Promise<TimelineRow[]> {
	if (rows.length === 0) return [];
	return tx.insert(incidentTimeline).values(rows).returning();
}

export const timelineOf = (db: Q, incidentId: string): Promise<TimelineRow[]> =>
	db
		.select()
		.from(incidentTimeline)
		.where(eq(incidentTimeline.incidentId, incidentId))
		.orderBy(asc(incidentTimeline.id));

/** The timelines of some incidents, each oldest first. */
export async function timelinesOf(
	db: Q,
	incidentIds: readonly string[]
): Promise<Map<string, TimelineRow[]>> {
	const out = new Map<string, TimelineRow[]>(incidentIds.map((id) => [id, []]));
	if (incidentIds.length === 0) return out;
	const rows = await db
		.select()
		.from(incidentTimeline)
		.where(inArray(incidentTimeline.incidentId, [...incidentIds]))
		.orderBy(asc(incidentTimeline.id));
	for (const row of rows) out.get(row.incidentId)!.push(row);
	return out;
}

export async function entryOf(db: Q, incidentId: string, id: number): Promise<TimelineRow | undefined> {
	const [row] = await db
		.select()
		.from(incidentTimeline)
		.where(and(eq(incidentTimeline.incidentId, incidentId), eq(incidentTimeline.id, id)));
	return row;
}

// ---- People ----

export const usersNamed = (db: Q, usernames: readonly string[]) =>
	usernames.length === 0
		? Promise.resolve([])
		: db
				.select({ username: users.username, role: users.role, disabled: users.disabled })
				.from(users)
				.where(inArray(users.username, [...usernames]));
