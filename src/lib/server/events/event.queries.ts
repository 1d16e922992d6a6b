import { and, asc, desc, eq, gt, inArray, lte, notInArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { reusable } from '../db/reusable';
import { cutovers, events, type CutoverRow, type EventRow } from '../db/schema';
import { QUIET_EVENTS, type CutoverEvent, type EventActor, type EventType } from '../../shared/events';

const lockById = reusable('cutover_lock_by_id', (db) =>
	db
		.select()
		.from(cutovers)
		.where(eq(cutovers.id, sql.placeholder('id')))
		.for('update')
);
const lockBySlug = reusable('cutover_lock_by_slug', (db) =>
	db
		.select()
		.from(cutovers)
		.where(eq(cutovers.slug, sql.placeholder('slug')))
		.for('update')
);

/** Takes the cutover's row lock: every write to one cutover is serialized, so seq order is commit order. */
export async function lockCutover(
	tx: Tx,
	target: { id: string } | { slug: string }
): Promise<CutoverRow | undefined> {
	const [row] = await ('id' in target ? lockById(tx, target) : lockBySlug(tx, target));
	return row;
}

export interface NewEvent {
	type: EventType;
	data: unknown;
}

/**
 * Appends events with the seqs after `lastSeq` (read under the cutover's lock) and moves the cutover's last_seq,
 * in one statement: one round trip on the path of every change.
 */
export async function appendEvents(
	tx: Tx,
	cutoverId: string,
	lastSeq: number,
	actor: EventActor,
	pending: readonly NewEvent[],
	at: Date
): Promise<CutoverEvent[]> {
	const rows = pending.map(
		(p, i) =>
			sql`(${cutoverId}, ${lastSeq + i + 1}, ${p.type}, ${at.toISOString()}::timestamptz, ${actor.id}, ${actor.name}, ${JSON.stringify(p.data)}::jsonb)`
	);
	await tx.execute(sql`
		with bumped as (update ${cutovers} set last_seq = ${lastSeq + pending.length} where id = ${cutoverId})
		insert into ${events} (cutover_id, seq, type, at, actor_id, actor_name, data)
		values ${sql.join(rows, sql`, `)}`);
	return pending.map(
		(p, i) =>
			({
				seq: lastSeq + i + 1,
				type: p.type,
				at: at.toISOString(),
				actor: { ...actor },
				data: p.data
			}) as CutoverEvent
	);
}

export async function listEventsAfter(db: Db, cutoverId: string, afterSeq: number, limit: number) {
	return db
		.select()
		.from(events)
		.where(and(eq(events.cutoverId, cutoverId), gt(events.seq, afterSeq)))
		.orderBy(asc(events.seq))
		.limit(limit);
}

/** Events after `afterSeq` up to `uptoSeq`, oldest first: what another instance committed. */
export async function listEventsBetween(db: Db, cutoverId: string, afterSeq: number, uptoSeq: number) {
	return db
		.select()
		.from(events)
		.where(and(eq(events.cutoverId, cutoverId), gt(events.seq, afterSeq), lte(events.seq, uptoSeq)))
		.orderBy(asc(events.seq));
}

/** The last seq of each of some cutovers. */
export async function lastSeqs(db: Db, cutoverIds: string[]): Promise<Map<string, number>> {
	if (cutoverIds.length === 0) return new Map();
	const rows = await db
		.select({ id: cutovers.id, lastSeq: cutovers.lastSeq })
		.from(cutovers)
		.where(inArray(cutovers.id, cutoverIds));
	return new Map(rows.map((r) => [r.id, r.lastSeq]));
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

/** The newest events people read in the feed: the quiet ones (progress, forecasts) are left out. */
export async function listLatestEvents(db: Db, cutoverId: string, limit: number) {
	return db
		.select()
		.from(events)
		.where(and(eq(events.cutoverId, cutoverId), notInArray(events.type, [...QUIET_EVENTS])))
		.orderBy(desc(events.seq))
		.limit(limit);
}

/** When the newest event the feed would show was written (without reading its data, which may be large). */
export async function latestEventAt(db: Db, cutoverId: string): Promise<Date | undefined> {
	const [row] = await db
		.select({ at: events.at })
		.from(events)
		.where(and(eq(events.cutoverId, cutoverId), notInArray(events.type, [...QUIET_EVENTS])))
		.orderBy(desc(events.seq))
		.limit(1);
	return row?.at;
}

/** One event by its seq. */
export async function eventAt(db: Db | Tx, cutoverId: string, seq: number) {
	const [row] = await db
		.select()
		.from(events)
		.where(and(eq(events.cutoverId, cutoverId), eq(events.seq, seq)));
	return row;
}

/** Events of some types after `afterSeq` up to `uptoSeq` (no bound when null), oldest first, at most `limit`. */
export async function listEventsOfTypes(
	db: Db | Tx,
	cutoverId: string,
	types: readonly EventType[],
	afterSeq: number,
	uptoSeq: number | null,
	limit: number
) {
	return db
		.select()
		.from(events)
		.where(
			and(
				eq(events.cutoverId, cutoverId),
				inArray(events.type, [...types]),
				gt(events.seq, afterSeq),
				uptoSeq === null ? undefined : lte(events.seq, uptoSeq)
			)
		)
		.orderBy(asc(events.seq))
		.limit(limit);
}
