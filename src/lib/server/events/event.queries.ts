import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { cutovers, events, type CutoverRow, type EventRow } from '../db/schema';
import type { CutoverEvent, EventType } from '../../shared/events';

/** Takes the cutover's row lock: every write to one cutover is serialized, so seq order is commit order. */
export async function lockCutover(
	tx: Tx,
	target: { id: string } | { slug: string }
): Promise<CutoverRow | undefined> {
	const [row] = await tx
		.select()
		.from(cutovers)
		.where('id' in target ? eq(cutovers.id, target.id) : eq(cutovers.slug, target.slug))
		.for('update');
	return row;
}

export async function reserveSeqs(tx: Tx, cutoverId: string, count: number): Promise<number> {
	const [row] = await tx
		.update(cutovers)
		.set({ lastSeq: sql`${cutovers.lastSeq} + ${count}` })
		.where(eq(cutovers.id, cutoverId))
		.returning({ lastSeq: cutovers.lastSeq });
	return row.lastSeq - count + 1;
}

export async function insertEvents(
	tx: Tx,
	rows: {
		cutoverId: string;
		seq: number;
		type: string;
		actorId: string | null;
		actorName: string;
		data: unknown;
	}[]
): Promise<EventRow[]> {
	return tx.insert(events).values(rows).returning();
}

export async function listEventsAfter(db: Db, cutoverId: string, afterSeq: number, limit: number) {
	return db
		.select()
		.from(events)
		.where(and(eq(events.cutoverId, cutoverId), gt(events.seq, afterSeq)))
		.orderBy(asc(events.seq))
		.limit(limit);
}

export function toEvent(row: EventRow): CutoverEvent {
	return {
		seq: row.seq,
		type: row.type as EventType,
		at: row.at.toISOString(),
		actor: { id: row.actorId, name: row.actorName },
		data: row.data
	} as CutoverEvent;
}

export async function listLatestEvents(db: Db, cutoverId: string, limit: number) {
	return db
		.select()
		.from(events)
		.where(eq(events.cutoverId, cutoverId))
		.orderBy(desc(events.seq))
		.limit(limit);
}
