/**
 * The one write path: lock the cutover, run the change, append its events with the next seqs, commit, and
 * only then publish. Every service that changes a cutover goes through `writeCutover`, given the cutover's id or,
 * from a request that names it, its slug (scope-checked here). A request's idempotency key (`ctx.requestKey`) is
 * recorded in the transaction of its first change.
 */
import type { CutoverEvent, EventPayloads, EventType } from '../../shared/events';
import { requireCutoverScope, type Actor } from '../auth/actor';
import type { Ctx } from '../context';
import type { Db, Tx } from '../db/client';
import type { CutoverRow } from '../db/schema';
import { DomainError, NotFoundError } from '../errors';
import { writeSeconds } from '../observability/metrics';
import * as q from './event.queries';
import { notifyCommitted } from './event-relay';
import { recordKey } from './request-key';

export interface CutoverWriter {
	tx: Tx;
	/** The cutover as locked for this write. */
	cutover: CutoverRow;
	/**
	 * A write whose answer the work does not wait for: it goes out together with the events (one round trip
	 * instead of two), and the transaction commits only after both succeed.
	 */
	alongside(write: Promise<unknown>): void;
	record<T extends EventType>(type: T, data: EventPayloads[T]): void;
	/**
	 * Changes a second stream in the same transaction (a wave's act that moves its programme): locks that
	 * cutover's row, runs `work` with its own writer and appends its events, published after the commit with
	 * this stream's. Lock order: a wave, then its programme; a programme never waits for a wave that exists.
	 */
	also<R>(cutoverId: string, work: (w: CutoverWriter) => Promise<R>): Promise<R>;
}

export async function writeCutover<T, P = undefined>(
	ctx: Ctx,
	actor: Actor,
	target: string | { slug: string },
	work: (w: CutoverWriter, prefetched: P) => Promise<T>,
	/**
	 * A read sent with the lock, in the same round trip. It runs on the same connection right after the lock is
	 * granted, so it sees what the lock protects.
	 */
	prefetch?: (tx: Tx) => Promise<P>
): Promise<{ result: T; events: CutoverEvent[] }> {
	let committed: CutoverEvent[] = [];
	const alsoCommitted: { cutoverId: string; events: CutoverEvent[] }[] = [];
	let cutoverId = typeof target === 'string' ? target : '';
	const stopTimer = writeSeconds.startTimer();
	const result = await ctx.db
		.transaction(async (tx) => {
			// By slug, resolving and locking are one query: the hot path of every move.
			const [cutover, prefetched] = await Promise.all([
				q.lockCutover(tx, typeof target === 'string' ? { id: target } : target),
				prefetch?.(tx) as Promise<P>
			]);
			if (!cutover)
				throw new NotFoundError(
					typeof target === 'string'
						? { reason: 'errors.cutoverGone' }
						: { reason: 'errors.cutoverNotFound', params: { slug: target.slug } }
				);
			requireCutoverScope(actor, cutover.id);
			cutoverId = cutover.id;
			const writes: Promise<unknown>[] = [];
			// A request's idempotency key commits with its first change, or not at all.
			const requestKey = ctx.requestKey?.recorded === false ? ctx.requestKey : null;
			if (requestKey) writes.push(recordKey(tx, requestKey));
			const stream = (row: CutoverRow, streamWrites: Promise<unknown>[]) => {
				const pending: q.NewEvent[] = [];
				const writer: CutoverWriter = {
					tx,
					cutover: row,
					record: (type, data) => pending.push({ type, data }),
					alongside: (write) => streamWrites.push(write),
					also: async (otherId, otherWork) => {
						if (otherId === row.id) return otherWork(writer);
						const other = await q.lockCutover(tx, { id: otherId });
						if (!other) throw new NotFoundError({ reason: 'errors.cutoverGone' });
						const otherWrites: Promise<unknown>[] = [];
						const otherStream = stream(other, otherWrites);
						const otherOut = await otherWork(otherStream.writer);
						const [appended] = await Promise.all([otherStream.append(), ...otherWrites]);
						if (appended.length > 0) alsoCommitted.push({ cutoverId: other.id, events: appended });
						return otherOut;
					}
				};
				const append = (): Promise<CutoverEvent[]> => {
					if (pending.length === 0) return Promise.resolve([]);
					// Other instances hear of the commit (on PostgreSQL), in the same round trip as the append.
					if (ctx.dbKind === 'postgres')
						streamWrites.push(
							notifyCommitted(tx, ctx.bus.origin, row.id, row.lastSeq + 1, row.lastSeq + pending.length)
						);
					return q.appendEvents(
						tx,
						row.id,
						row.lastSeq,
						{ id: actor.id, name: actor.name },
						pending,
						new Date(ctx.clock.now())
					);
				};
				return { writer, append };
			};
			const main = stream(cutover, writes);
			const out = await work(main.writer, prefetched);
			[committed] = await Promise.all([main.append(), ...writes]);
			return out;
		})
		.catch((err: unknown) => {
			stopTimer({ outcome: err instanceof DomainError ? 'refused' : 'failed' });
			throw err;
		});
	stopTimer({ outcome: 'committed' });
	if (ctx.requestKey) ctx.requestKey.recorded = true;
	ctx.bus.publish(cutoverId, committed);
	for (const other of alsoCommitted) ctx.bus.publish(other.cutoverId, other.events);
	return { result, events: committed };
}

/** Events after `afterSeq`, oldest first, at most `limit`. */
export async function eventsAfter(
	ctx: Ctx,
	cutoverId: string,
	afterSeq: number,
	limit = 500
): Promise<CutoverEvent[]> {
	const rows = await q.listEventsAfter(ctx.db, cutoverId, afterSeq, limit);
	return rows.map(q.toEvent);
}

/** The newest `limit` events, newest first: the activity feed's first page. */
export async function latestEvents(ctx: Ctx, cutoverId: string, limit = 100): Promise<CutoverEvent[]> {
	const rows = await q.listLatestEvents(ctx.db, cutoverId, limit);
	return rows.map(q.toEvent);
}

/** When the feed's newest event was written, for a page that shows no feed (null: none yet). */
export async function latestEventAt(ctx: Ctx, cutoverId: string): Promise<string | null> {
	return (await q.latestEventAt(ctx.db, cutoverId))?.toISOString() ?? null;
}

/** One event of a cutover by its seq (inside a write too), or undefined. */
export async function eventAt(
	db: Db | Tx,
	cutoverId: string,
	seq: number
): Promise<CutoverEvent | undefined> {
	const row = await q.eventAt(db, cutoverId, seq);
	return row && q.toEvent(row);
}

/**
 * The events of some types in a span of the log (after `afterSeq`, up to `uptoSeq` or the end), oldest first, at
 * most `limit`: what another area shows beside its own records (an incident's timeline shows the decisions).
 */
export async function eventsOfTypes(
	db: Db | Tx,
	cutoverId: string,
	types: readonly EventType[],
	afterSeq: number,
	uptoSeq: number | null,
	limit = 500
): Promise<CutoverEvent[]> {
	return (await q.listEventsOfTypes(db, cutoverId, types, afterSeq, uptoSeq, limit)).map(q.toEvent);
}
