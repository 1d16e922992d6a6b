import type {
	RunbookExport,
	RunbookImportInput,
	RunbookImportResult,
	TaskCreateInput,
	TaskPatchInput,
	TaskTransitionInput,
	TaskView
} from '../../shared/schemas/runbook';
import { runbookExport } from '../../shared/schemas/runbook';
import { heldAtClosedCheckpoint } from '../../shared/decisions';
import { can } from '../../shared/roles';
import { isFinished, transitionProblem, type TaskStatus } from '../../shared/task-status';
import { actorOwns, require, type Actor } from '../auth/actor';
import type { Ctx } from '../context';
import type { Tx } from '../db/client';
import type { PhaseRow, TaskRow } from '../db/schema';
import type { ErrorReason, Refusal } from '../../shared/i18n';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { writeCutover, type CutoverWriter } from '../events/event.service';
import { findCutover } from './cutover-lookup';
import { metricsOf, replaceMetrics } from '../metrics/metric.tx';
import { putSources, sourceDefinitionsOf } from '../metrics/source.tx';
import { openingPlanOf, putOpeningPlan } from '../opening/opening.tx';
import { transfersOf } from '../transfers/transfer.tx';
import { systemTaskMoved } from '../programmes/programmes.tx';
import {
	checkpointRows,
	checkpoints,
	closedCheckpointsUpstream,
	closedGate,
	type Checkpoint
} from '../decisions/gate';
import * as q from './runbook.queries';
import { assertSchedulable } from './schedulable';
import { phaseToView, taskToView } from './views';

export async function listTasks(ctx: Ctx, actor: Actor, slug: string): Promise<TaskView[]> {
	const cutover = await findCutover(ctx, actor, slug);
	const [phases, tasks] = await Promise.all([
		q.listPhases(ctx.db, cutover.id),
		q.listTasks(ctx.db, cutover.id)
	]);
	const name = new Map(phases.map((p) => [p.id, p.name]));
	return tasks.map((t) => taskToView(t, name.get(t.phaseId)!));
}

export async function getTask(ctx: Ctx, actor: Actor, slug: string, key: string): Promise<TaskView> {
	const cutover = await findCutover(ctx, actor, slug);
	const found = await q.taskWithPhase(ctx.db, { id: cutover.id }, key);
	if (!found) throw new NotFoundError({ reason: 'errors.taskNotFound', params: { key } });
	return taskToView(found.task, found.phaseName);
}

async function phaseNameOf(tx: Tx, cutoverId: string, phaseId: string): Promise<string> {
	return (await q.listPhases(tx, cutoverId)).find((p) => p.id === phaseId)!.name;
}

/** Finds the phase by name, creating it at the end (and recording that) when it is new. */
async function phaseFor(w: CutoverWriter, cutoverId: string, name: string): Promise<PhaseRow> {
	const phases = await q.listPhases(w.tx, cutoverId);
	const found = phases.find((p) => p.name === name);
	if (found) return found;
	const [created] = await q.insertPhases(w.tx, cutoverId, [name], (phases.at(-1)?.position ?? 0) + 1);
	w.record('phase.created', { phase: phaseToView(created) });
	return created;
}

export async function createTask(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	input: TaskCreateInput
): Promise<TaskView> {
	require(actor, 'runbook.edit', 'edit the runbook');
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		const cutover = w.cutover;
		const existing = await q.listTasks(w.tx, cutover.id);
		if (existing.some((t) => t.key === input.key))
			throw new ConflictError({ reason: 'errors.taskKeyTaken', params: { key: input.key } });
		assertSchedulable([...existing, input], await transfersOf(w.tx, cutover.id));
		const phase = await phaseFor(w, cutover.id, input.phase);
		const [row] = await q.insertTasks(w.tx, [
			{
				cutoverId: cutover.id,
				phaseId: phase.id,
				key: input.key,
				title: input.title,
				description: input.description ?? '',
				owner: input.owner,
				durationMinutes: input.durationMinutes,
				notBefore: input.notBefore ? new Date(input.notBefore) : null,
				dependsOn: input.dependsOn,
				dependsOnTransfers: input.dependsOnTransfers,
				estimate: input.estimate ?? null,
				rehearsalMinutes: input.rehearsalMinutes,
				position: await q.nextTaskPosition(w.tx, cutover.id)
			}
		]);
		const view = taskToView(row, phase.name);
		w.record('task.created', { task: view });
		return view;
	});
	return result;
}

export async function updateTask(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	key: string,
	input: TaskPatchInput
): Promise<TaskView> {
	require(actor, 'runbook.edit', 'edit the runbook');
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		const cutover = w.cutover;
		const all = await q.listTasks(w.tx, cutover.id);
		const task = all.find((t) => t.key === key);
		if (!task) throw new NotFoundError({ reason: 'errors.taskNotFound', params: { key } });
		const phaseName = await phaseNameOf(w.tx, cutover.id, task.phaseId);
		if (input.expectedVersion !== undefined && input.expectedVersion !== task.version)
			throw new ConflictError({ reason: 'errors.taskChanged' }, { task: taskToView(task, phaseName) });
		if (input.dependsOn || input.dependsOnTransfers)
			assertSchedulable(
				all.map((t) => (t.key === key ? { ...t, ...definedDeps(input) } : t)),
				await transfersOf(w.tx, cutover.id)
			);
		const phase = input.phase ? await phaseFor(w, cutover.id, input.phase) : null;
		const changed = Object.keys(input).filter((k) => k !== 'expectedVersion');
		const row = await q.updateTask(w.tx, task.id, {
			title: input.title,
			description: input.description,
			owner: input.owner,
			durationMinutes: input.durationMinutes,
			notBefore:
				input.notBefore === undefined ? undefined : input.notBefore ? new Date(input.notBefore) : null,
			dependsOn: input.dependsOn,
			dependsOnTransfers: input.dependsOnTransfers,
			estimate: input.estimate,
			rehearsalMinutes: input.rehearsalMinutes,
			phaseId: phase?.id,
			version: task.version + 1,
			updatedAt: new Date(ctx.clock.now())
		});
		const view = taskToView(row, phase?.name ?? phaseName);
		w.record('task.updated', { task: view, changed });
		return view;
	});
	return result;
}

/** The dependency lists a patch sets (the others stay as they are). */
function definedDeps(input: TaskPatchInput) {
	return {
		...(input.dependsOn ? { dependsOn: input.dependsOn } : {}),
		...(input.dependsOnTransfers ? { dependsOnTransfers: input.dependsOnTransfers } : {})
	};
}

/** Times that a move sets: a start stamps actualStart, an end stamps actualEnd, an undo clears them. */
function timesFor(task: TaskRow, to: TaskStatus, now: Date): Pick<TaskRow, 'actualStart' | 'actualEnd'> {
	switch (to) {
		case 'in_progress':
			return {
				actualStart: task.status === 'blocked' && task.actualStart ? task.actualStart : now,
				actualEnd: null
			};
		case 'done':
		case 'failed':
			return { actualStart: task.actualStart ?? now, actualEnd: now };
		case 'skipped':
			return { actualStart: task.actualStart, actualEnd: now };
		case 'not_started':
			return { actualStart: null, actualEnd: null };
		case 'blocked':
			return { actualStart: task.actualStart, actualEnd: null };
	}
}

export async function transitionTask(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	key: string,
	input: TaskTransitionInput
): Promise<TaskView> {
	const { result } = await writeCutover(
		ctx,
		actor,
		{ slug },
		async (
			w,
			[found, gateRows]: [
				{ task: TaskRow; phaseName: string } | undefined,
				Awaited<ReturnType<typeof checkpointRows>> | undefined
			]
		) => {
			const cutover = w.cutover;
			if (!found) throw new NotFoundError({ reason: 'errors.taskNotFound', params: { key } });
			const { task, phaseName } = found;
			const current = () => ({ task: taskToView(task, phaseName) });
			const mayMoveAny = can(actor.role, 'task.move_any');
			if (!mayMoveAny && !(can(actor.role, 'task.move_own') && actorOwns(actor, task.owner)))
				throw new ForbiddenError({ reason: 'errors.taskOwnerOnly', params: { owner: task.owner, key } });
			if (input.expectedVersion !== undefined && input.expectedVersion !== task.version)
				throw new ConflictError(
					{
						reason: 'errors.taskMovedMeanwhile',
						params: { key, status: task.status, version: task.version }
					},
					current()
				);
			const from = task.status as TaskStatus;
			const problem = transitionProblem(from, input.to);
			if (problem)
				throw new ConflictError(
					{ reason: 'errors.taskMoveNotAllowed', params: { key, to: input.to, problem } },
					current()
				);
			const now = new Date(ctx.clock.now());
			if (input.to === 'in_progress' && !(input.force && mayMoveAny)) {
				await assertStartable(w.tx, cutover.id, task, now, current);
			}
			// Go/no-go checkpoints hold even against force: only the decision opens them.
			if (gateRows?.length) await assertPastCheckpoints(w.tx, cutover.id, task, input, current, gateRows);
			const changes = {
				status: input.to,
				...timesFor(task, input.to, now),
				lastNote: input.note || null,
				version: task.version + 1,
				updatedAt: now
			};
			// The row after the update is known without reading it back, so the update goes out with the event.
			w.alongside(q.moveTask(w.tx, { id: task.id, ...changes }));
			const view = taskToView({ ...task, ...changes }, phaseName);
			w.record('task.transitioned', { task: view, from, to: input.to, note: input.note || null });
			// A wave's task that moves a system moves the system too; the row says so, so other moves read nothing.
			if (task.systemId)
				await systemTaskMoved(w, { id: task.id, systemId: task.systemId, status: input.to }, now);
			return view;
		},
		// The task and the checkpoints are read in the lock's round trip: every move costs one round trip less. Only
		// an undo to not_started needs no checkpoints (a start may pass one, any other move may leave one).
		(tx) =>
			Promise.all([
				q.taskWithPhase(tx, { slug }, key),
				input.to !== 'not_started' ? checkpointRows(tx, slug) : undefined
			])
	);
	return result;
}

/** A closed checkpoint's refusal: its decision is not made yet, or the outcome that stands is not a go. */
const closedBy = (
	gate: Checkpoint,
	undecided: ErrorReason,
	notGo: ErrorReason,
	params: Record<string, string>
): Refusal =>
	gate.outcome
		? { reason: notGo, params: { ...params, decision: gate.decision, outcome: gate.outcome } }
		: { reason: undecided, params: { ...params, decision: gate.decision } };

/**
 * While its decision has not opened it, a checkpoint only starts or goes back (its go completes it); nothing
 * after a closed checkpoint starts.
 */
async function assertPastCheckpoints(
	tx: Tx,
	cutoverId: string,
	task: TaskRow,
	input: { to: TaskStatus; force?: boolean },
	current: () => unknown,
	rows: Awaited<ReturnType<typeof checkpointRows>>
) {
	const gates = checkpoints(rows);
	if (heldAtClosedCheckpoint(input.to)) {
		const gate = closedGate(task.key, gates);
		if (gate)
			throw new ConflictError(
				input.to === 'done'
					? closedBy(gate, 'errors.checkpointUndecided', 'errors.checkpointNotGo', { key: task.key })
					: closedBy(gate, 'errors.checkpointHeldUndecided', 'errors.checkpointHeldNotGo', {
							key: task.key,
							to: input.to
						}),
				current()
			);
		return;
	}
	if (![...gates.values()].some((g) => !g.open)) return;
	// Without force a start needs its dependencies done, so the direct ones are enough (a checkpoint marked done
	// before its decision point named it); only a forced start, which skips them, needs the whole way upstream.
	const closed = input.force
		? closedCheckpointsUpstream(
				task.key,
				await q.listTasks(tx, cutoverId),
				await transfersOf(tx, cutoverId),
				gates
			)
		: task.dependsOn.flatMap((key) => closedGate(key, gates) ?? []);
	if (closed.length)
		throw new ConflictError(
			closedBy(closed[0], 'errors.afterCheckpointUndecided', 'errors.afterCheckpointNotGo', {
				key: task.key,
				checkpoint: closed[0].task
			}),
			current()
		);
}

async function assertStartable(tx: Tx, cutoverId: string, task: TaskRow, now: Date, current: () => unknown) {
	if (task.notBefore && task.notBefore > now)
		throw new ConflictError(
			{ reason: 'errors.taskNotBefore', params: { key: task.key, time: task.notBefore.toISOString() } },
			current()
		);
	if (task.dependsOn.length === 0) return;
	const dependencies = await q.statusesOf(tx, cutoverId, task.dependsOn);
	const statusOf = new Map(dependencies.map((t) => [t.key, t.status as TaskStatus]));
	const waiting = task.dependsOn.filter((d) => !isFinished(statusOf.get(d) ?? 'not_started'));
	if (waiting.length)
		throw new ConflictError(
			{ reason: 'errors.taskWaiting', params: { key: task.key, keys: waiting.join(', ') } },
			current()
		);
}

/**
 * Replaces the whole runbook, and the metrics when it carries them (by the metric service's rules, in the same
 * write: the first problem refuses it all); refused once any task has moved, so no progress is ever lost.
 */
export async function importRunbook(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	input: RunbookImportInput
): Promise<RunbookImportResult> {
	require(actor, 'runbook.edit', 'edit the runbook');
	const phaseNames = [...new Set(input.phases)];
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		const cutover = w.cutover;
		const unknownPhases = [
			...new Set(input.tasks.map((t) => t.phase).filter((p) => !phaseNames.includes(p)))
		];
		if (unknownPhases.length)
			throw new ValidationError({
				reason: 'errors.phasesNotListed',
				params: { phases: unknownPhases.join(', ') }
			});
		assertSchedulable(input.tasks, await transfersOf(w.tx, cutover.id));
		const existing = await q.listTasks(w.tx, cutover.id);
		const moved = existing.filter((t) => t.status !== 'not_started');
		if (moved.length)
			throw new ConflictError({
				reason: 'errors.runbookAlreadyMoved',
				params: { count: moved.length, key: moved[0].key }
			});
		await q.deleteRunbook(w.tx, cutover.id);
		const phases = await q.insertPhases(w.tx, cutover.id, phaseNames, 1);
		const phaseId = new Map(phases.map((p) => [p.name, p.id]));
		const rows = await q.insertTasks(
			w.tx,
			input.tasks.map((t, i) => ({
				cutoverId: cutover.id,
				phaseId: phaseId.get(t.phase)!,
				key: t.key,
				title: t.title,
				description: t.description ?? '',
				owner: t.owner,
				durationMinutes: t.durationMinutes,
				notBefore: t.notBefore ? new Date(t.notBefore) : null,
				dependsOn: t.dependsOn,
				dependsOnTransfers: t.dependsOnTransfers,
				estimate: t.estimate ?? null,
				rehearsalMinutes: t.rehearsalMinutes,
				position: i + 1
			}))
		);
		const phaseName = new Map(phases.map((p) => [p.id, p.name]));
		w.record('runbook.imported', {
			phases: phases.map(phaseToView),
			tasks: rows.map((r) => taskToView(r, phaseName.get(r.phaseId)!))
		});
		// Sources first, so the metrics may read them; the metrics before the plan, whose gates read them.
		const sources = input.sources ? { sources: await putSources(w, input.sources) } : {};
		const metrics = input.metrics ? { metrics: await replaceMetrics(w, input.metrics) } : {};
		const opening = input.opening
			? { stages: (await putOpeningPlan(w, input.opening, ctx.clock.now(), 'opening.')).stages.length }
			: {};
		return { phases: phases.length, tasks: rows.length, ...sources, ...metrics, ...opening };
	});
	return result;
}

/**
 * The runbook as a file that `importRunbook` takes back: phases, tasks in order, the metric sources, the metrics'
 * definitions (and what each reads) and the opening plan.
 */
export async function exportRunbook(ctx: Ctx, actor: Actor, slug: string): Promise<RunbookExport> {
	const cutover = await findCutover(ctx, actor, slug);
	const [phases, tasks, sources, metrics, opening] = await Promise.all([
		q.listPhases(ctx.db, cutover.id),
		q.listTasks(ctx.db, cutover.id),
		sourceDefinitionsOf(ctx.db, cutover.id),
		metricsOf(ctx.db, cutover.id),
		openingPlanOf(ctx.db, cutover.id)
	]);
	const name = new Map(phases.map((p) => [p.id, p.name]));
	// The file's schema keeps the fields a file carries of each task and metric (zod drops the rest: ids, status...).
	return runbookExport.parse({
		phases: phases.map((p) => p.name),
		tasks: tasks.map((t) => taskToView(t, name.get(t.phaseId)!)),
		sources,
		metrics: metrics.map((m) => ({ ...m, source: m.sourceKey })),
		opening
	});
}
