/**
 * Finding and reading cutovers: a leaf of the server's areas (it imports none of them), so every area can resolve a
 * slug and check the actor's scope without importing the others.
 */
import type { CutoverView } from '../../shared/schemas/runbook';
import { requireCutoverScope, requireReader, type Actor } from '../auth/actor';
import type { Ctx } from '../context';
import type { Tx } from '../db/client';
import type { CutoverRow } from '../db/schema';
import { NotFoundError } from '../errors';
import * as q from './runbook.queries';
import { cutoverToView, phaseToView, taskToBoardTask } from './views';

/** Resolves a slug to a cutover the actor may see, or throws NotFound/Forbidden. */
export async function findCutover(ctx: Ctx, actor: Actor, slug: string): Promise<CutoverRow> {
	requireReader(actor);
	return findCutoverToFeed(ctx, actor, slug);
}

/**
 * Resolves a slug to a cutover the actor may feed (push samples to) without necessarily seeing it: only the
 * token's scope is checked; the caller checks the permission to feed.
 */
export async function findCutoverToFeed(ctx: Ctx, actor: Actor, slug: string): Promise<CutoverRow> {
	const row = await ctx.cutovers.bySlug(ctx.db, slug);
	if (!row) throw new NotFoundError({ reason: 'errors.cutoverNotFound', params: { slug } });
	requireCutoverScope(actor, row.id);
	return row;
}

export async function listCutovers(ctx: Ctx, actor: Actor): Promise<CutoverView[]> {
	requireReader(actor);
	const rows = await q.listCutovers(ctx.db);
	return rows.filter((r) => actor.cutoverId === null || r.id === actor.cutoverId).map(cutoverToView);
}

export async function getCutover(ctx: Ctx, actor: Actor, slug: string): Promise<CutoverView> {
	return cutoverToView(await findCutover(ctx, actor, slug));
}

/**
 * A cutover's runbook as the board shows it, read inside the caller's transaction (the board snapshot reads every
 * area in one snapshot-isolated transaction).
 */
export async function runbookOf(tx: Tx, cutoverId: string) {
	const cutover = await q.cutoverById(tx, cutoverId);
	if (!cutover) throw new NotFoundError({ reason: 'errors.cutoverGone' });
	const [phaseRows, taskRows] = [await q.listPhases(tx, cutoverId), await q.listTasks(tx, cutoverId)];
	const phaseName = new Map(phaseRows.map((p) => [p.id, p.name]));
	return {
		seq: cutover.lastSeq,
		cutover: cutoverToView(cutover),
		phases: phaseRows.map(phaseToView),
		tasks: taskRows.map((t) => taskToBoardTask(t, phaseName.get(t.phaseId)!))
	};
}
