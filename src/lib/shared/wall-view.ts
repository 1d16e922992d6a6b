/**
 * What a wall screen shows, as pure functions of the live state: which panels (chosen in the URL, rotating
 * through the last slot when there are more than fit), the tasks running now, late and next on the critical path,
 * and the checkpoint ahead.
 */
import { isFinished, type TaskStatus } from './task-status';
import { tally } from './decisions';
import type { DecisionView, Tally } from './schemas/decisions';

export const WALL_PANELS = ['running', 'late', 'next', 'checkpoint', 'transfers', 'load'] as const;
export type WallPanel = (typeof WALL_PANELS)[number];

/** The panels a wall shows side by side below its figures. */
export const WALL_SLOTS = 3;
/** How long each panel of the rotating slot stays, unless the URL says otherwise (`?rotate=` seconds). */
export const WALL_ROTATE_SECONDS = 15;

/**
 * `?panels=running,late,…`: the known names in the order given, each once; none (or only unknown): all, with
 * the load panel only when the cutover has metrics.
 */
export function wallPanels(param: string | null, hasMetrics = true): WallPanel[] {
	const known = new Set<string>(WALL_PANELS);
	const chosen = [...new Set((param ?? '').split(',').map((p) => p.trim()))].filter((p): p is WallPanel =>
		known.has(p)
	);
	return chosen.length ? chosen : WALL_PANELS.filter((p) => hasMetrics || p !== 'load');
}

/** `?rotate=` in seconds, from 5 to 300; anything else: the default. */
export function wallRotateSeconds(param: string | null): number {
	const seconds = Number(param);
	return param && Number.isInteger(seconds) && seconds >= 5 && seconds <= 300 ? seconds : WALL_ROTATE_SECONDS;
}

/**
 * The panels on screen at rotation step `step`: all when they fit; else the first slots - 1 stay and the last
 * slot shows the others in turn.
 */
export function panelsOnScreen(panels: readonly WallPanel[], step: number, slots = WALL_SLOTS): WallPanel[] {
	if (panels.length <= slots) return [...panels];
	const fixed = panels.slice(0, slots - 1);
	const rotating = panels.slice(slots - 1);
	return [...fixed, rotating[step % rotating.length]];
}

/** A task as far as the wall's lists are concerned. */
export interface WallTask {
	key: string;
	status: TaskStatus;
	late: boolean;
	actualStart: number | null;
	plannedStart: number | null;
}

/** Running now, longest running first. */
export function runningTasks<T extends WallTask>(tasks: readonly T[]): T[] {
	return tasks
		.filter((t) => t.status === 'in_progress')
		.sort((a, b) => (a.actualStart ?? 0) - (b.actualStart ?? 0));
}

/** Late and not finished (running past their planned end, or not started by their planned start), by planned start. */
export function lateTasks<T extends WallTask>(tasks: readonly T[]): T[] {
	return tasks
		.filter((t) => t.late && !isFinished(t.status))
		.sort((a, b) => (a.plannedStart ?? 0) - (b.plannedStart ?? 0));
}

/** The critical path's steps not started yet, in path order: what the room must get going next. */
export function nextOnCriticalPath<T extends WallTask>(
	criticalPath: readonly string[],
	tasks: ReadonlyMap<string, T>
): T[] {
	return criticalPath.flatMap((key) => {
		const task = tasks.get(key);
		return task && !isFinished(task.status) && task.status !== 'in_progress' ? [task] : [];
	});
}

export interface CheckpointAhead {
	key: string;
	title: string;
	checkpointTask: string | null;
	/** When it is due: its closing time, else its checkpoint task's planned start; null when neither is known. */
	dueAt: number | null;
	tally: Tally;
}

/** The open decision point due soonest (undated ones last, in opening order), or null when none is open. */
export function checkpointAhead(
	decisions: readonly DecisionView[],
	plannedStartOf: (taskKey: string) => number | null
): CheckpointAhead | null {
	const dueAt = (d: DecisionView) =>
		d.closesAt ? Date.parse(d.closesAt) : d.checkpointTask ? plannedStartOf(d.checkpointTask) : null;
	const [first] = decisions
		.filter((d) => d.status === 'open')
		.map((point) => ({ point, dueAt: dueAt(point) }))
		.sort((a, b) => (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity) || a.point.position - b.point.position);
	if (!first) return null;
	const { point } = first;
	return {
		key: point.key,
		title: point.title,
		checkpointTask: point.checkpointTask,
		dueAt: first.dueAt,
		tally: tally(point)
	};
}
