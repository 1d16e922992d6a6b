/**
 * Rehearsals: a cutover run as a rehearsal of another. It starts as a copy of the other's runbook (phases, tasks
 * with their times moved to its own window, and the data transfers' definitions) and is marked as a rehearsal
 * everywhere. After it, its actual durations become the other's rehearsal figures, per task, in one recorded act:
 * the forecast already draws a task's duration from them.
 */
import type { RehearsalCreateInput, RehearsalFigures } from '../../shared/schemas/rehearsals';
import type { CutoverView } from '../../shared/schemas/runbook';
import { require, type Actor } from '../auth/actor';
import type { Ctx } from '../context';
import type { Db, Tx } from '../db/client';
import type { CutoverRow, TaskRow } from '../db/schema';
import { ConflictError } from '../errors';
import { eventsOfTypes, writeCutover } from '../events/event.service';
import { copyTransfers, transfersOf } from '../transfers/transfer.tx';
import { findCutover } from './cutover-lookup';
import { createCutover } from './cutover.service';
import * as q from './runbook.queries';
import { cutoverToView, phaseToView, taskToView } from './views';

const MINUTE = 60_000;
/** The figures a task keeps: the latest rehearsals say most about the next night. */
const FIGURES_KEPT = 10;

/** Creates a rehearsal of the cutover `slug`: a new cutover in its own window, with a copy of its runbook. */
export async function createRehearsal(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	input: RehearsalCreateInput
): Promise<CutoverView> {
	require(actor, 'runbook.edit', 'rehearse cutovers');
	const source = await findCutover(ctx, actor, slug);
	if (source.kind !== 'cutover' || source.rehearsalOf)
		throw new ConflictError({ reason: 'errors.notRehearsable', params: { slug } });
	const rehearsal = await createCutover(
		ctx,
		actor,
		{
			slug: input.slug,
			name: input.name,
			timezone: source.timezone,
			windowStart: input.windowStart,
			windowEnd: input.windowEnd
		},
		{ rehearsalOf: source.id }
	);
	// Times in the runbook keep their place in the window.
	const shift = input.windowStart - source.windowStart.getTime();
	const { result } = await writeCutover(ctx, actor, rehearsal.id, async (w) => {
		const [phases, tasks, transfers] = [
			await q.listPhases(w.tx, source.id),
			await q.listTasks(w.tx, source.id),
			await transfersOf(w.tx, source.id)
		];
		const copied = await q.insertPhases(
			w.tx,
			w.cutover.id,
			phases.map((p) => p.name),
			1
		);
		const phaseId = new Map(phases.map((p, i) => [p.id, copied[i].id]));
		const rows = await q.insertTasks(
			w.tx,
			tasks.map((t) => ({
				cutoverId: w.cutover.id,
				phaseId: phaseId.get(t.phaseId)!,
				key: t.key,
				title: t.title,
				description: t.description,
				owner: t.owner,
				durationMinutes: t.durationMinutes,
				notBefore: t.notBefore ? new Date(t.notBefore.getTime() + shift) : null,
				dependsOn: t.dependsOn,
				dependsOnTransfers: t.dependsOnTransfers,
				estimate: t.estimate,
				rehearsalMinutes: t.rehearsalMinutes,
				position: t.position
			}))
		);
		const phaseName = new Map(copied.map((p) => [p.id, p.name]));
		w.record('runbook.imported', {
			phases: copied.map(phaseToView),
			tasks: rows.map((r) => taskToView(r, phaseName.get(r.phaseId)!))
		});
		await copyTransfers(w, transfers);
		return cutoverToView({ ...w.cutover, lastSeq: w.cutover.lastSeq + 1 + transfers.length });
	});
	return result;
}

/** The cutover a rehearsal rehearses, or the rehearsals of a cutover: what the rehearsal page shows. */
export async function rehearsalsAround(
	ctx: Ctx,
	actor: Actor,
	slug: string
): Promise<{ rehearsalOf: CutoverView | null; rehearsals: CutoverView[] }> {
	const cutover = await findCutover(ctx, actor, slug);
	const original = cutover.rehearsalOf ? await q.cutoverById(ctx.db, cutover.rehearsalOf) : undefined;
	return {
		rehearsalOf: original ? cutoverToView(original) : null,
		rehearsals: (await q.rehearsalsOf(ctx.db, cutover.id)).map(cutoverToView)
	};
}

/** The minutes a done task took, at least one. */
const minutesOf = (t: TaskRow) =>
	Math.max(1, Math.round((t.actualEnd!.getTime() - t.actualStart!.getTime()) / MINUTE));

async function figuresOf(db: Db | Tx, rehearsal: CutoverRow, cutover: CutoverRow): Promise<RehearsalFigures> {
	const [done, held, recorded] = [
		await q.listTasks(db, rehearsal.id),
		await q.listTasks(db, cutover.id),
		await recordedEvent(db, cutover.id, rehearsal.slug)
	];
	const byKey = new Map(held.map((t) => [t.key, t]));
	const figures: RehearsalFigures['figures'] = [];
	const skipped: string[] = [];
	for (const t of done) {
		const original = byKey.get(t.key);
		if (t.status === 'done' && t.actualStart && t.actualEnd && original)
			figures.push({
				key: t.key,
				title: original.title,
				minutes: minutesOf(t),
				before: original.rehearsalMinutes
			});
		else skipped.push(t.key);
	}
	return { cutover: cutover.slug, figures, skipped, recordedAt: recorded?.at ?? null };
}

async function recordedEvent(db: Db | Tx, cutoverId: string, rehearsalSlug: string) {
	const events = await eventsOfTypes(db, cutoverId, ['runbook.rehearsal_recorded'], 0, null);
	return events.find((e) => e.type === 'runbook.rehearsal_recorded' && e.data.rehearsal === rehearsalSlug);
}

async function rehearsalAndCutover(ctx: Ctx, actor: Actor, slug: string) {
	const rehearsal = await findCutover(ctx, actor, slug);
	if (!rehearsal.rehearsalOf) throw new ConflictError({ reason: 'errors.notARehearsal', params: { slug } });
	const cutover = await q.cutoverById(ctx.db, rehearsal.rehearsalOf);
	if (!cutover) throw new ConflictError({ reason: 'errors.notARehearsal', params: { slug } });
	return { rehearsal, cutover };
}

/** What recording the rehearsal's figures would give the cutover it rehearses (or gave, once recorded). */
export async function rehearsalFigures(ctx: Ctx, actor: Actor, slug: string): Promise<RehearsalFigures> {
	const { rehearsal, cutover } = await rehearsalAndCutover(ctx, actor, slug);
	return figuresOf(ctx.db, rehearsal, cutover);
}

/**
 * Records the rehearsal's actual durations as rehearsal figures of the cutover it rehearses, per task, once: a
 * second time is refused (the figures would count the same night twice).
 */
export async function recordRehearsalFigures(
	ctx: Ctx,
	actor: Actor,
	slug: string
): Promise<RehearsalFigures> {
	require(actor, 'runbook.edit', 'record rehearsal figures');
	const { rehearsal, cutover } = await rehearsalAndCutover(ctx, actor, slug);
	const { result } = await writeCutover(ctx, actor, cutover.id, async (w) => {
		const plan = await figuresOf(w.tx, rehearsal, w.cutover);
		if (plan.recordedAt)
			throw new ConflictError({
				reason: 'errors.rehearsalRecorded',
				params: { slug, at: plan.recordedAt }
			});
		const held = new Map((await q.listTasks(w.tx, w.cutover.id)).map((t) => [t.key, t]));
		const phaseName = new Map((await q.listPhases(w.tx, w.cutover.id)).map((p) => [p.id, p.name]));
		const now = new Date(ctx.clock.now());
		const tasks = [];
		for (const f of plan.figures) {
			const task = held.get(f.key)!;
			const row = await q.updateTask(w.tx, task.id, {
				rehearsalMinutes: [...task.rehearsalMinutes, f.minutes].slice(-FIGURES_KEPT),
				version: task.version + 1,
				updatedAt: now
			});
			tasks.push(taskToView(row, phaseName.get(row.phaseId)!));
		}
		w.record('runbook.rehearsal_recorded', { rehearsal: rehearsal.slug, tasks });
		return { ...plan, recordedAt: now.toISOString() };
	});
	return result;
}
