/**
 * Pure derivations for the live board: planned and projected schedules, the critical path, late and ready
 * tasks, per-phase progress and the window forecast. Components and the live store call these; nothing here
 * holds state or does I/O.
 */
import { scheduleNodes, transferNodeKey, type ForecastTransfer } from './forecast/graph';
import { plannedDurationMs, plannedRatePerMs } from './forecast/transfer-rate';
import type { PhaseView, BoardTask } from './schemas/runbook';
import type { TransferView } from './schemas/transfers';
import { can, ownsTask, type Role } from './roles';
import {
	criticalPath,
	isReady,
	plannedSchedule,
	projectedSchedule,
	scheduleEnd,
	type ScheduleInput,
	type Slot
} from './schedule';
import { isFinished, type TaskStatus } from './task-status';

const MINUTE = 60_000;

const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));

/** A task view as the scheduler's input; dependencies on unknown keys are dropped so a bad row cannot break it. */
export function toScheduleInput(task: BoardTask, known?: ReadonlySet<string>): ScheduleInput {
	return {
		key: task.key,
		durationMinutes: task.durationMinutes,
		dependsOn: known ? task.dependsOn.filter((d) => known.has(d)) : task.dependsOn,
		notBefore: ms(task.notBefore),
		status: task.status,
		actualStart: ms(task.actualStart),
		actualEnd: ms(task.actualEnd)
	};
}

/** Late: the planned end has passed and the task is not finished (done or skipped). */
export function isLate(status: TaskStatus, plannedEnd: number | undefined, now: number): boolean {
	return plannedEnd !== undefined && plannedEnd < now && !isFinished(status);
}

export interface PhaseProgress {
	name: string;
	done: number;
	total: number;
	late: number;
	/** Projected end minus planned end of the phase's tasks, in minutes (positive: behind plan). */
	slipMinutes: number;
}

export interface BoardDerivation {
	planned: Map<string, Slot>;
	projected: Map<string, Slot>;
	/** The unfinished tasks of the critical path of the projection. */
	critical: Set<string>;
	ready: Set<string>;
	late: Set<string>;
	plannedEnd: number;
	projectedEnd: number;
	/** Projected end minus the window end, in minutes: positive overruns, negative beats the window. */
	overrunMinutes: number;
	phases: PhaseProgress[];
}

export interface BoardInput {
	windowStart: number;
	windowEnd: number;
	phases: readonly PhaseView[];
	tasks: readonly BoardTask[];
	transfers?: readonly TransferView[];
	now: number;
}

const HOUR = 60 * MINUTE;

/** A transfer as the schedule sees it: running until its ETA, or waiting for its planned duration. */
export function toForecastTransfer(t: TransferView, asPlanned = false): ForecastTransfer {
	const planned = plannedRatePerMs(t);
	const rate = asPlanned ? planned : t.ratePerHour !== null ? t.ratePerHour / HOUR : planned;
	return {
		key: t.key,
		dependsOn: t.dependsOn,
		startedAt: asPlanned ? null : ms(t.startedAt),
		finishedAt: asPlanned ? null : ms(t.finishedAt),
		done: asPlanned ? 0 : t.done,
		total: t.total,
		rate: { perMs: rate, lowPerMs: rate, highPerMs: rate, basis: rate === null ? 'none' : 'observed' },
		eta: asPlanned ? null : ms(t.eta),
		plannedDurationMs: plannedDurationMs(t),
		lastProgressAt: asPlanned ? null : ms(t.lastProgressAt)
	};
}

/** Everything the board shows that follows from the tasks, the transfers and the clock. */
export function deriveBoard(input: BoardInput): BoardDerivation {
	const { windowStart, windowEnd, phases, tasks, now } = input;
	const transfers = input.transfers ?? [];
	const known = new Set(tasks.map((t) => t.key));
	// The spread goes last: spread first and then extended, each object falls to V8's slow dictionary mode.
	const inputs = tasks.map((t) => ({
		dependsOnTransfers: t.dependsOnTransfers,
		estimate: null,
		rehearsalMinutes: [],
		...toScheduleInput(t, known)
	}));
	// Tasks that wait for data are scheduled after the data arrives (transfers are nodes of the graph).
	const projectedNodes = scheduleNodes(
		inputs,
		transfers.map((t) => toForecastTransfer(t)),
		now
	);
	const planned = plannedSchedule(
		scheduleNodes(
			inputs,
			transfers.map((t) => toForecastTransfer(t, true)),
			now
		),
		windowStart
	);
	const projected = projectedSchedule(projectedNodes, windowStart, now);
	const statusOf = new Map(projectedNodes.map((n) => [n.key, n.status]));
	// What is finished no longer drives anything: the board marks the critical path still ahead.
	const critical = new Set(
		(tasks.length ? criticalPath(projected) : []).filter((k) => known.has(k) && !isFinished(statusOf.get(k)!))
	);
	const ready = new Set<string>();
	const late = new Set<string>();
	for (const t of tasks) {
		// Ready means it can be started now: dependencies finished and its "not before" time reached.
		const timeReached = t.notBefore === null || Date.parse(t.notBefore) <= now;
		// A dependency on an unknown key never finishes: such a task is not ready.
		const waitsFor = {
			status: t.status,
			dependsOn: [...t.dependsOn, ...t.dependsOnTransfers.map(transferNodeKey)]
		};
		if (timeReached && isReady(waitsFor, (k) => statusOf.get(k))) ready.add(t.key);
		if (isLate(t.status, planned.get(t.key)?.end, now)) late.add(t.key);
	}
	const projectedEnd = scheduleEnd(projected, windowStart);
	return {
		planned,
		projected,
		critical,
		ready,
		late,
		plannedEnd: scheduleEnd(planned, windowStart),
		projectedEnd,
		overrunMinutes: Math.round((projectedEnd - windowEnd) / MINUTE),
		phases: phaseProgress(phases, tasks, planned, projected, late)
	};
}

/** Done/total, late count and slip per phase, in phase order (phases named only by tasks come last). */
export function phaseProgress(
	phases: readonly PhaseView[],
	tasks: readonly BoardTask[],
	planned: ReadonlyMap<string, Slot>,
	projected: ReadonlyMap<string, Slot>,
	late: ReadonlySet<string>
): PhaseProgress[] {
	const byName = new Map<string, PhaseProgress & { plannedEnd: number; projectedEnd: number }>();
	const entry = (name: string) => {
		let e = byName.get(name);
		if (!e) {
			e = {
				name,
				done: 0,
				total: 0,
				late: 0,
				slipMinutes: 0,
				plannedEnd: -Infinity,
				projectedEnd: -Infinity
			};
			byName.set(name, e);
		}
		return e;
	};
	for (const p of [...phases].sort((a, b) => a.position - b.position)) entry(p.name);
	for (const t of tasks) {
		const e = entry(t.phase);
		e.total++;
		if (isFinished(t.status)) e.done++;
		if (late.has(t.key)) e.late++;
		e.plannedEnd = Math.max(e.plannedEnd, planned.get(t.key)?.end ?? -Infinity);
		e.projectedEnd = Math.max(e.projectedEnd, projected.get(t.key)?.end ?? -Infinity);
	}
	return [...byName.values()].map(({ name, done, total, late, plannedEnd, projectedEnd }) => ({
		name,
		done,
		total,
		late,
		slipMinutes: total && Number.isFinite(plannedEnd) ? Math.round((projectedEnd - plannedEnd) / MINUTE) : 0
	}));
}

export type WindowState =
	| { kind: 'before'; minutes: number }
	| { kind: 'during'; minutes: number }
	| { kind: 'after'; minutes: number };

/** Where `now` stands against the window: minutes until it starts, left in it, or since it ended. */
export function windowState(now: number, windowStart: number, windowEnd: number): WindowState {
	if (now < windowStart) return { kind: 'before', minutes: Math.ceil((windowStart - now) / MINUTE) };
	if (now <= windowEnd) return { kind: 'during', minutes: Math.floor((windowEnd - now) / MINUTE) };
	return { kind: 'after', minutes: Math.floor((now - windowEnd) / MINUTE) };
}

/** A cutover's window in epoch ms, and where `now` stands against it. */
export function cutoverWindow(
	cutover: { windowStart: string; windowEnd: string },
	now: number
): { start: number; end: number; state: WindowState } {
	const start = Date.parse(cutover.windowStart);
	const end = Date.parse(cutover.windowEnd);
	return { start, end, state: windowState(now, start, end) };
}

/** Whether a user may move a task: operators and admins any, others (not viewers) the tasks they own. */
export function mayMoveTask(
	user: { role: Role; username: string; team: string | null },
	owner: string
): boolean {
	return can(user.role, 'task.move_any') || (can(user.role, 'task.move_own') && ownsTask(owner, user));
}

const MY_ORDER: Partial<Record<TaskStatus, number>> = {
	in_progress: 0,
	failed: 1,
	blocked: 2,
	not_started: 3
};

/**
 * A user's actionable tasks: owned by them (or their team) and running, failed, blocked or ready; running first,
 * then failed, blocked and ready, each by planned start.
 */
export function myTasks<T extends BoardTask>(
	tasks: readonly T[],
	who: { username: string; team: string | null },
	ready: ReadonlySet<string>,
	planned: ReadonlyMap<string, Slot>
): T[] {
	return tasks
		.filter(
			(t) =>
				ownsTask(t.owner, who) &&
				(t.status === 'in_progress' || t.status === 'failed' || t.status === 'blocked' || ready.has(t.key))
		)
		.sort(
			(a, b) =>
				MY_ORDER[a.status]! - MY_ORDER[b.status]! ||
				(planned.get(a.key)?.start ?? 0) - (planned.get(b.key)?.start ?? 0) ||
				a.position - b.position
		);
}

/**
 * What comes next for a user when nothing is theirs to act on yet (before the window opens, or while their
 * tasks wait for others): their tasks not started and not ready, soonest planned start first.
 */
export function upcomingTasks<T extends BoardTask>(
	tasks: readonly T[],
	who: { username: string; team: string | null },
	ready: ReadonlySet<string>,
	planned: ReadonlyMap<string, Slot>,
	limit = 5
): T[] {
	return tasks
		.filter((t) => ownsTask(t.owner, who) && t.status === 'not_started' && !ready.has(t.key))
		.sort(
			(a, b) =>
				(planned.get(a.key)?.start ?? Infinity) - (planned.get(b.key)?.start ?? Infinity) ||
				a.position - b.position
		)
		.slice(0, limit);
}
