import { and, asc, desc, eq, inArray, lte, ne, or, sql } from 'drizzle-orm';
import type { NoticeSettings } from '../../shared/notices/rules';
import type { Db, Tx } from '../db/client';
import { cutovers, noticeEntries, notices, type NoticeEntryRow, type NoticeRow } from '../db/schema';

type Q = Db | Tx;

// ---- Notices ----

/** Newest first. */
export const noticesOf = (db: Q, cutoverId: string): Promise<NoticeRow[]> =>
	db.select().from(notices).where(eq(notices.cutoverId, cutoverId)).orderBy(desc(notices.number));

export async function noticeByNumber(
	db: Q,
	cutoverId: string,
	number: number
): Promise<NoticeRow | undefined> {
	const [row] = await db
		.select()
		.from(notices)
		.where(and(eq(notices.cutoverId, cutoverId), eq(notices.number, number)));
	return row;
}

export async function noticeById(db: Q, cutoverId: string, id: string): Promise<NoticeRow | undefined> {
	const [row] = await db
		.select()
		.from(notices)
		.where(and(eq(notices.cutoverId, cutoverId), eq(notices.id, id)));
	return row;
}

export async function nextNoticeNumber(tx: Tx, cutoverId: string): Promise<number> {
	const [row] = await tx
		.select({ max: sql<number | null>`max(${notices.number})` })
		.from(notices)
		.where(eq(notices.cutoverId, cutoverId));
	return (row?.max ?? 0) + 1;
}

export async function insertNotice(tx: Tx, row: typeof notices.$inferInsert): Promise<NoticeRow> {
	const [inserted] = await tx.insert(notices).values(row).returning();
	return inserted;
}

export async function updateNotice(
	tx: Tx,
	id: string,
	changes: Partial<Omit<NoticeRow, 'id' | 'cutoverId' | 'number' | 'version'>>
): Promise<NoticeRow> {
	const [row] = await tx
		.update(notices)
		.set({ ...changes, version: sql`${notices.version} + 1` })
		.where(eq(notices.id, id))
		.returning();
	return row;
}

/** The services of the cutover's published maintenances in progress, by the notice that puts each there. */
export const maintenancesInProgress = (db: Q, cutoverId: string) =>
	db
		.select({ number: notices.number, services: notices.services })
		.from(notices)
		.where(
			and(
				eq(notices.cutoverId, cutoverId),
				eq(notices.status, 'published'),
				eq(notices.kind, 'maintenance'),
				eq(notices.maintenanceState, 'in_progress')
			)
		)
		.orderBy(asc(notices.number));

/** Every cutover's notices that fall due at `now`: scheduled ones to publish, maintenances whose state moves. */
export const dueNotices = (db: Q, now: Date) =>
	db
		.select({ cutoverId: notices.cutoverId, number: notices.number })
		.from(notices)
		.where(
			or(
				and(eq(notices.status, 'scheduled'), lte(notices.publishAt, now)),
				and(
					eq(notices.status, 'published'),
					eq(notices.kind, 'maintenance'),
					ne(notices.maintenanceState, 'completed'),
					or(
						and(eq(notices.maintenanceState, 'upcoming'), lte(notices.maintenanceStartsAt, now)),
						lte(notices.maintenanceEndsAt, now)
					)
				)
			)
		)
		.orderBy(asc(notices.cutoverId), asc(notices.number));

// ---- Entries ----

export async function insertEntry(tx: Tx, row: typeof noticeEntries.$inferInsert): Promise<NoticeEntryRow> {
	const [inserted] = await tx.insert(noticeEntries).values(row).returning();
	return inserted;
}

export const entriesOf = (db: Q, noticeId: string): Promise<NoticeEntryRow[]> =>
	db.select().from(noticeEntries).where(eq(noticeEntries.noticeId, noticeId)).orderBy(asc(noticeEntries.id));

/** The entries of some notices, each oldest first. */
export async function entriesOfMany(
	db: Q,
	noticeIds: readonly string[]
): Promise<Map<string, NoticeEntryRow[]>> {
	const out = new Map<string, NoticeEntryRow[]>(noticeIds.map((id) => [id, []]));
	if (noticeIds.length === 0) return out;
	const rows = await db
		.select()
		.from(noticeEntries)
		.where(inArray(noticeEntries.noticeId, [...noticeIds]))
		.orderBy(asc(noticeEntries.id));
	for (const row of rows) out.get(row.noticeId)!.push(row);
	return out;
}

// ---- Settings ----

export const setSettings = (tx: Tx, cutoverId: string, settings: NoticeSettings) =>
	tx.update(cutovers).set({ noticeSettings: settings }).where(eq(cutovers.id, cutoverId));
