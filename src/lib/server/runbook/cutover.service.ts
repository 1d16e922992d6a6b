/** Creating and changing cutovers; reading them is in cutover-lookup.ts, which every area may use. */
import type { CutoverKind } from '../../shared/programmes/rules';
import type { CutoverCreateInput, CutoverPatchInput, CutoverView } from '../../shared/schemas/runbook';
import { require, type Actor } from '../auth/actor';
import { recordedAt } from '../clock';
import type { Ctx } from '../context';
import type { CutoverRow } from '../db/schema';
import { ConflictError, ForbiddenError } from '../errors';
import { writeCutover } from '../events/event.service';
import * as q from './runbook.queries';
import { cutoverToView } from './views';
import { recordWindowChange } from './window-history';

/** Where a new stream stands: a cutover on its own (the default), a programme, or a rehearsal of another. */
export interface Placement {
	kind?: CutoverKind;
	rehearsalOf?: string;
}

export async function createCutover(
	ctx: Ctx,
	actor: Actor,
	input: CutoverCreateInput,
	placement: Placement = {}
): Promise<CutoverView> {
	require(actor, 'cutover.create', 'create cutovers');
	if (actor.cutoverId !== null) throw new ForbiddenError({ reason: 'errors.tokenCannotCreateCutover' });
	if (await q.cutoverBySlug(ctx.db, input.slug))
		throw new ConflictError({ reason: 'errors.slugTaken', params: { slug: input.slug } });
	let row: CutoverRow;
	try {
		row = await q.insertCutover(ctx.db, {
			...placement,
			slug: input.slug,
			name: input.name,
			timezone: input.timezone,
			windowStart: new Date(input.windowStart),
			windowEnd: new Date(input.windowEnd)
		});
	} catch (err) {
		// Lost a race with another create of the same slug.
		if (await q.cutoverBySlug(ctx.db, input.slug))
			throw new ConflictError({ reason: 'errors.slugTaken', params: { slug: input.slug } });
		throw err;
	}
	// The creation is the cutover's first event, written under its lock like every other change.
	const { result } = await writeCutover(ctx, actor, row.id, async (w) => {
		// The planned window is the first entry of the window's history.
		await recordWindowChange(w.tx, row.id, {
			at: recordedAt(ctx.clock),
			from: null,
			to: w.cutover.windowEnd,
			by: actor.username ?? actor.name
		});
		const view = cutoverToView({ ...w.cutover, lastSeq: w.cutover.lastSeq + 1 });
		w.record('cutover.created', { cutover: view });
		return view;
	});
	return result;
}

export async function updateCutover(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	input: CutoverPatchInput
): Promise<CutoverView> {
	require(actor, 'cutover.edit', 'edit cutovers');
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		const current = w.cutover;
		if (input.expectedVersion !== undefined && input.expectedVersion !== current.version)
			throw new ConflictError({ reason: 'errors.cutoverChanged' }, { cutover: cutoverToView(current) });
		const windowStart = input.windowStart !== undefined ? new Date(input.windowStart) : current.windowStart;
		const windowEnd = input.windowEnd !== undefined ? new Date(input.windowEnd) : current.windowEnd;
		if (windowEnd <= windowStart) throw new ConflictError({ reason: 'errors.windowEndBeforeStart' });
		const changed = (['name', 'timezone', 'windowStart', 'windowEnd'] as const).filter(
			(k) => input[k] !== undefined
		);
		const row = await q.updateCutover(w.tx, current.id, {
			name: input.name ?? current.name,
			timezone: input.timezone ?? current.timezone,
			windowStart,
			windowEnd,
			version: current.version + 1
		});
		if (windowEnd.getTime() !== current.windowEnd.getTime())
			await recordWindowChange(w.tx, current.id, {
				at: recordedAt(ctx.clock),
				from: current.windowEnd,
				to: windowEnd,
				by: actor.username ?? actor.name
			});
		const view = cutoverToView({ ...row, lastSeq: row.lastSeq + 1 });
		w.record('cutover.updated', { cutover: view, changed: [...changed] });
		return view;
	});
	return result;
}
