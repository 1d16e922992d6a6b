/**
 * The cutover window's history: its planned end, then each change (an edit of the cutover, or an extension
 * decided at a go/no-go point), oldest first. Part of the cutover, so the decisions area reaches it through here
 * and the cutover service needs nothing from decisions.
 */
import type { WindowChangeView } from '../../shared/schemas/decisions';
import type { Actor } from '../auth/actor';
import type { Ctx } from '../context';
import type { Db, Tx } from '../db/client';
import type { WindowChangeRow } from '../db/schema';
import { findCutover } from './cutover-lookup';
import * as q from './runbook.queries';

const toView = (w: WindowChangeRow): WindowChangeView => ({
	at: w.at.toISOString(),
	from: w.fromEnd ? w.fromEnd.toISOString() : null,
	to: w.toEnd.toISOString(),
	by: w.by,
	rationale: w.rationale,
	decision: w.decisionKey
});

/** The window's planned end or a change of it, as a history row (createCutover, updateCutover, an extension). */
export async function recordWindowChange(
	db: Db | Tx,
	cutoverId: string,
	change: {
		/** When it changed: none, and the database stamps it (see recordedAt in clock.ts). */
		at?: Date;
		from: Date | null;
		to: Date;
		by: string;
		rationale?: string | null;
		decision?: string | null;
	}
): Promise<WindowChangeView> {
	const row = await q.insertWindowChange(db, {
		cutoverId,
		at: change.at,
		fromEnd: change.from,
		toEnd: change.to,
		by: change.by,
		rationale: change.rationale ?? null,
		decisionKey: change.decision ?? null
	});
	return toView(row);
}

export async function windowHistoryOf(db: Db | Tx, cutoverId: string): Promise<WindowChangeView[]> {
	return (await q.listWindowChanges(db, cutoverId)).map(toView);
}

export async function windowHistory(ctx: Ctx, actor: Actor, slug: string): Promise<WindowChangeView[]> {
	const cutover = await findCutover(ctx, actor, slug);
	return windowHistoryOf(ctx.db, cutover.id);
}
