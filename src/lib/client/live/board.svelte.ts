/**
 * The runbook as the board draws it: one reactive cell per task, so an event re-renders only that task's row;
 * the rows grouped by phase; and the schedule-wide derivation written back into the cells only where it differs.
 */
import type { BoardDerivation, PhaseProgress } from '../../shared/board-view';
import type { BoardTask, PhaseView } from '../../shared/schemas/runbook';

/** One task's reactive state: the server's view plus what the board derives for it. */
export class TaskCell {
	task = $state.raw<BoardTask>() as BoardTask;
	ready = $state(false);
	late = $state(false);
	critical = $state(false);
	plannedStart = $state<number | null>(null);
	plannedEnd = $state<number | null>(null);
	projectedEnd = $state<number | null>(null);
	/** A move of this task is on its way to the server. */
	pending = $state(false);

	constructor(task: BoardTask) {
		this.task = task;
	}
}

export interface PhaseGroup {
	phase: PhaseView;
	keys: string[];
}

export interface Forecast {
	projectedEnd: number;
	plannedEnd: number;
	overrunMinutes: number;
	criticalPath: string[];
	phases: PhaseProgress[];
	lateCount: number;
	readyCount: number;
	computedAt: number;
}

/** Task keys by phase, phases and tasks in position order; tasks of a phase not (yet) known get a group too. */
export function groupByPhase(phases: readonly PhaseView[], cells: Iterable<TaskCell>): PhaseGroup[] {
	const byPhase = new Map<string, string[]>();
	const sorted = [...cells].map((c) => c.task).sort((a, b) => a.position - b.position);
	for (const t of sorted) {
		const list = byPhase.get(t.phase);
		if (list) list.push(t.key);
		else byPhase.set(t.phase, [t.key]);
	}
	const groups: PhaseGroup[] = [...phases]
		.sort((a, b) => a.position - b.position)
		.map((phase) => ({ phase, keys: byPhase.get(phase.name) ?? [] }));
	for (const [name, keys] of byPhase)
		if (!phases.some((p) => p.name === name))
			groups.push({ phase: { id: `unlisted:${name}`, name, position: Infinity }, keys });
	return groups;
}

/** Writes each task's flags and slots into its cell where they changed; returns the board's projection. */
export function applyDerivation(cells: Map<string, TaskCell>, d: BoardDerivation, now: number): Forecast {
	for (const [key, cell] of cells) {
		const planned = d.planned.get(key);
		const set = <K extends 'ready' | 'late' | 'critical' | 'plannedStart' | 'plannedEnd' | 'projectedEnd'>(
			k: K,
			v: TaskCell[K]
		) => {
			if (cell[k] !== v) cell[k] = v;
		};
		set('ready', d.ready.has(key));
		set('late', d.late.has(key));
		set('critical', d.critical.has(key));
		set('plannedStart', planned?.start ?? null);
		set('plannedEnd', planned?.end ?? null);
		set('projectedEnd', d.projected.get(key)?.end ?? null);
	}
	return {
		projectedEnd: d.projectedEnd,
		plannedEnd: d.plannedEnd,
		overrunMinutes: d.overrunMinutes,
		criticalPath: [...d.critical],
		phases: d.phases,
		lateCount: d.late.size,
		readyCount: d.ready.size,
		computedAt: now
	};
}
