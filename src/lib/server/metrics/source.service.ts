/**
 * A cutover's metric sources: where golive pulls metrics from (see source-pull.ts). Definitions go through the one
 * write path with an event each; a pull's outcome is kept in the source's row, and appends an event only when
 * the source's state changes (`metric_source.down` / `metric_source.up`), not at every pull.
 */
import type {
	SourceCreateInput,
	SourcePatchInput,
	SourceState,
	SourceView
} from '../../shared/schemas/metric-sources';
import { require, systemActor, type Actor } from '../auth/actor';
import type { Ctx } from '../context';
import type { Tx } from '../db/client';
import type { MetricSourceRow } from '../db/schema';
import { ConflictError, NotFoundError } from '../errors';
import { writeCutover } from '../events/event.service';
import { findCutover } from '../runbook/cutover-lookup';
import * as q from './source.queries';
import { changeSource, defineSource } from './source.tx';
import { sourceToView } from './views';

export async function listSources(ctx: Ctx, actor: Actor, slug: string): Promise<SourceView[]> {
	const cutover = await findCutover(ctx, actor, slug);
	return (await q.listSources(ctx.db, cutover.id)).map(sourceToView);
}

async function sourceOf(tx: Tx, cutoverId: string, key: string): Promise<MetricSourceRow> {
	const row = await q.sourceByKey(tx, cutoverId, key);
	if (!row) throw new NotFoundError({ reason: 'errors.sourceNotFound', params: { key } });
	return row;
}

export async function createSource(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	input: SourceCreateInput
): Promise<SourceView> {
	require(actor, 'runbook.edit', 'define metric sources');
	const { result } = await writeCutover(ctx, actor, { slug }, (w) => defineSource(w, input));
	return result;
}

export async function updateSource(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	key: string,
	input: SourcePatchInput
): Promise<SourceView> {
	require(actor, 'runbook.edit', 'change metric sources');
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		const current = await sourceOf(w.tx, w.cutover.id, key);
		if (input.expectedVersion !== undefined && input.expectedVersion !== current.version)
			throw new ConflictError({ reason: 'errors.sourceChanged' }, { source: sourceToView(current) });
		const { expectedVersion: _v, ...changes } = input;
		return changeSource(w, current, changes);
	});
	return result;
}

/** Removes a source no metric reads any more (a metric's source is changed or removed first). */
export async function removeSource(ctx: Ctx, actor: Actor, slug: string, key: string): Promise<void> {
	require(actor, 'runbook.edit', 'remove metric sources');
	await writeCutover(ctx, actor, { slug }, async (w) => {
		const current = await sourceOf(w.tx, w.cutover.id, key);
		const fed = await q.metricsOfSource(w.tx, w.cutover.id, key);
		if (fed.length)
			throw new ConflictError({
				reason: 'errors.sourceInUse',
				params: { key, metrics: fed.map((m) => m.key).join(', ') }
			});
		await q.deleteSource(w.tx, current.id);
		w.record('metric_source.removed', { key });
	});
}

/**
 * Keeps how a pull went: its time, and its success or why it failed. A change of state is written with its event
 * (boards show the source's metrics as down, and gates read them as no data); the same state again is only noted.
 */
export async function recordPull(
	ctx: Ctx,
	source: MetricSourceRow,
	at: number,
	problem: string | null
): Promise<void> {
	const state: SourceState = problem === null ? 'up' : 'down';
	const outcome = {
		state,
		lastError: problem,
		lastPullAt: new Date(at),
		...(problem === null ? { lastSuccessAt: new Date(at) } : {})
	};
	if (state === source.state) {
		await q.updateSource(ctx.db, source.id, outcome);
		return;
	}
	await writeCutover(ctx, systemActor(`metric source ${source.key}`), source.cutoverId, async (w) => {
		// Read again under the lock: another pull (a "pull now") may have recorded the change already.
		const current = await q.sourceById(w.tx, source.id);
		if (!current) return;
		const row = await q.updateSource(w.tx, source.id, outcome);
		if (current.state !== state)
			w.record(state === 'down' ? 'metric_source.down' : 'metric_source.up', {
				source: sourceToView(row!),
				from: current.state
			});
	});
}
