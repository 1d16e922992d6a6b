/**
 * A programme wave's tasks, built per system from runbook templates: what the programme area changes of a wave's
 * runbook inside its own write (building a wave, re-applying a template, a sign-off ticking its step or adding a
 * follow-up). The runbook's rules hold as for any edit: the tasks must schedule, every change has its event.
 */
import type { StepKind } from '../../shared/programmes/rules';
import type { TaskView } from '../../shared/schemas/runbook';
import type { Tx } from '../db/client';
import type { TaskRow } from '../db/schema';
import type { CutoverWriter } from '../events/event.service';
import { transfersOf } from '../transfers/transfer.tx';
import * as q from './runbook.queries';
import { assertSchedulable } from './schedulable';
import { phaseToView, taskToView } from './views';

/** One task of a system's move, as a template's step makes it. */
export interface SystemTaskInput {
	key: string;
	title: string;
	phase: string;
	owner: string;
	durationMinutes: number;
	notBefore: Date | null;
	dependsOn: string[];
	/** The system it moves (null: a follow-up, which does not hold the system's move back). */
	systemId: string | null;
	systemStep: StepKind | null;
}

/** The tasks of a wave that move one of its systems (a wave's move or its re-application reads them). */
export const systemTasksOf = async (db: Tx, cutoverId: string): Promise<TaskRow[]> =>
	(await q.listTasks(db, cutoverId)).filter((t) => t.systemId !== null);

/**
 * Replaces some tasks of a wave by others (none removed when the wave is new): the phases the new tasks name are
 * added at the end, a rebuilt task keeps its predecessor's place. The whole runbook after the change is recorded
 * as `runbook.imported`, so every board shows it as it now is.
 */
export async function replaceSystemTasks(
	w: CutoverWriter,
	remove: readonly TaskRow[],
	add: readonly SystemTaskInput[]
): Promise<TaskView[]> {
	const cutoverId = w.cutover.id;
	const existing = await q.listTasks(w.tx, cutoverId);
	const removed = new Set(remove.map((t) => t.id));
	const kept = existing.filter((t) => !removed.has(t.id));
	assertSchedulable(
		[...kept, ...add.map((t) => ({ ...t, dependsOnTransfers: [] }))],
		await transfersOf(w.tx, cutoverId)
	);
	const phases = await q.listPhases(w.tx, cutoverId);
	const newNames = [...new Set(add.map((t) => t.phase))].filter((n) => !phases.some((p) => p.name === n));
	const created = await q.insertPhases(w.tx, cutoverId, newNames, (phases.at(-1)?.position ?? 0) + 1);
	const allPhases = [...phases, ...created];
	const phaseId = new Map(allPhases.map((p) => [p.name, p.id]));
	const placeOf = new Map(remove.map((t) => [t.key, t.position]));
	let next = Math.max(0, ...existing.map((t) => t.position)) + 1;
	if (remove.length) await q.deleteTasks(w.tx, [...removed]);
	await q.insertTasks(
		w.tx,
		add.map((t) => ({
			cutoverId,
			phaseId: phaseId.get(t.phase)!,
			key: t.key,
			title: t.title,
			owner: t.owner,
			durationMinutes: t.durationMinutes,
			notBefore: t.notBefore,
			dependsOn: t.dependsOn,
			systemId: t.systemId,
			systemStep: t.systemStep,
			position: placeOf.get(t.key) ?? next++
		}))
	);
	const phaseName = new Map(allPhases.map((p) => [p.id, p.name]));
	const tasks = (await q.listTasks(w.tx, cutoverId)).map((r) => taskToView(r, phaseName.get(r.phaseId)!));
	w.record('runbook.imported', { phases: allPhases.map(phaseToView), tasks });
	return tasks;
}

/** Marks a task done by the programme's act (a sign-off closing its step), with its event; done stays done. */
export async function finishTask(w: CutoverWriter, key: string, note: string, now: Date): Promise<void> {
	const found = await q.taskWithPhase(w.tx, { id: w.cutover.id }, key);
	if (!found || found.task.status === 'done') return;
	const { task, phaseName } = found;
	const row = await q.updateTask(w.tx, task.id, {
		status: 'done',
		actualStart: task.actualStart ?? now,
		actualEnd: now,
		lastNote: note,
		version: task.version + 1,
		updatedAt: now
	});
	w.record('task.transitioned', {
		task: taskToView(row, phaseName),
		from: task.status as TaskView['status'],
		to: 'done',
		note
	});
}

/**
 * A system's window moved: its tasks not yet started that waited for the old start wait for the new one, each
 * with its `task.updated`. Started and finished tasks keep what they were.
 */
export async function moveSystemTasks(
	w: CutoverWriter,
	systemId: string,
	from: Date | null,
	to: Date,
	now: Date
): Promise<void> {
	const phaseName = new Map((await q.listPhases(w.tx, w.cutover.id)).map((p) => [p.id, p.name]));
	for (const task of await q.listTasks(w.tx, w.cutover.id)) {
		if (task.systemId !== systemId || task.status !== 'not_started') continue;
		if (task.notBefore?.getTime() !== from?.getTime()) continue;
		const row = await q.updateTask(w.tx, task.id, {
			notBefore: to,
			version: task.version + 1,
			updatedAt: now
		});
		w.record('task.updated', { task: taskToView(row, phaseName.get(row.phaseId)!), changed: ['notBefore'] });
	}
}

/** Adds one task at the end of its phase's list (a follow-up), creating the phase when it is new. */
export async function addTask(w: CutoverWriter, input: SystemTaskInput): Promise<TaskView> {
	const cutoverId = w.cutover.id;
	const phases = await q.listPhases(w.tx, cutoverId);
	let phase = phases.find((p) => p.name === input.phase);
	if (!phase) {
		[phase] = await q.insertPhases(w.tx, cutoverId, [input.phase], (phases.at(-1)?.position ?? 0) + 1);
		w.record('phase.created', { phase: phaseToView(phase) });
	}
	const [row] = await q.insertTasks(w.tx, [
		{
			cutoverId,
			phaseId: phase.id,
			key: input.key,
			title: input.title,
			owner: input.owner,
			durationMinutes: input.durationMinutes,
			notBefore: input.notBefore,
			dependsOn: input.dependsOn,
			systemId: input.systemId,
			systemStep: input.systemStep,
			position: await q.nextTaskPosition(w.tx, cutoverId)
		}
	]);
	const view = taskToView(row, phase.name);
	w.record('task.created', { task: view });
	return view;
}

/** The keys of a wave's tasks, to name the next follow-up. */
export const taskKeysOf = async (db: Tx, cutoverId: string): Promise<string[]> =>
	(await q.listTasks(db, cutoverId)).map((t) => t.key);
