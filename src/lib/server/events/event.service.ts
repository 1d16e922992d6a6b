/**
 * The one write path: lock the cutover, run the change, append its events with the next seqs, commit, and
 * only then publish. Every service that changes a cutover goes through `writeCutover`, given the cutover's id or,
 * from a request that names it, its slug (scope-checked here).
 */
import type { CutoverEvent, EventPayloads, EventType } from '../../shared/events';
import { requireCutoverScope, type Actor } from '../auth/actor';
import type { Ctx } from '../context';
import type { Tx } from '../db/client';
import type { CutoverRow } from '../db/schema';
import { NotFoundError } from '../errors';
import * as q from './event.queries';

export interface CutoverWriter {
	tx: Tx;
	/** The cutover as locked for this write. */
	cutover: CutoverRow;
	record<T extends EventType>(type: T, data: EventPayloads[T]): void;
}

export async function writeCutover<T>(
	ctx: Ctx,
	actor: Actor,
	target: string | { slug: string },
	work: (w: CutoverWriter) => Promise<T>
): Promise<{ result: T; events: CutoverEvent[] }> {
	let committed: CutoverEvent[] = [];
	let cutoverId = typeof target === 'string' ? target : '';
	const result = await ctx.db.transaction(async (tx) => {
		// By slug, resolving and locking are one query: the hot path of every move.
		const cutover = await q.lockCutover(tx, typeof target === 'string' ? { id: target } : target);
		if (!cutover)
			throw new NotFoundError(typeof target === 'string' ? 'no such cutover' : `no cutover "${target.slug}"`);
		requireCutoverScope(actor, cutover.id);
		cutoverId = cutover.id;
		const pending: q.NewEvent[] = [];
		const out = await work({ tx, cutover, record: (type, data) => pending.push({ type, data }) });
		if (pending.length > 0)
			committed = await q.appendEvents(
				tx,
				cutover.id,
				cutover.lastSeq,
				{ id: actor.id, name: actor.name },
				pending,
				new Date()
			);
		return out;
	});
	ctx.bus.publish(cutoverId, committed);
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
