/**
 * Scheduling over the runbook's dependency graph: validation (unknown keys, cycles), the planned forward pass
 * from the window start, the projection from actuals, and the critical (driving) path. Times are epoch ms.
 */
import { isFinished, type TaskStatus } from './task-status';

export interface ScheduleInput {
	key: string;
	durationMinutes: number;
	dependsOn: readonly string[];
	notBefore: number | null;
	status: TaskStatus;
	actualStart: number | null;
	actualEnd: number | null;
}

export interface Slot {
	start: number;
	end: number;
	/** The predecessor whose end set this task's start, or null when the window, now or "not before" did. */
	driver: string | null;
}

export interface GraphProblems {
	unknown: { task: string; dependsOn: string }[];
	/** One dependency cycle, as keys in order with the first repeated at the end, or null. */
	cycle: string[] | null;
	duplicates: string[];
}

const MINUTE = 60_000;

/** Checks the graph; an empty result (no unknown, no cycle, no duplicates) means it can be scheduled. */
export function graphProblems(tasks: readonly Pick<ScheduleInput, 'key' | 'dependsOn'>[]): GraphProblems {
	const keys = new Set<string>();
	const duplicates: string[] = [];
	for (const t of tasks) {
		if (keys.has(t.key)) duplicates.push(t.key);
		keys.add(t.key);
	}
	const unknown: GraphProblems['unknown'] = [];
	for (const t of tasks)
		for (const d of t.dependsOn) if (!keys.has(d)) unknown.push({ task: t.key, dependsOn: d });
	return { unknown, duplicates, cycle: unknown.length || duplicates.length ? null : findCycle(tasks) };
}

/** A human sentence naming every problem of the graph, or null. */
export function describeGraphProblems(p: GraphProblems): string | null {
	const parts: string[] = [];
	if (p.duplicates.length) parts.push(`duplicate task keys: ${p.duplicates.join(', ')}`);
	if (p.unknown.length)
		parts.push(
			`unknown dependencies: ${p.unknown.map((u) => `${u.task} depends on ${u.dependsOn}`).join('; ')}`
		);
	if (p.cycle) parts.push(`dependency cycle: ${p.cycle.join(' -> ')}`);
	return parts.length ? parts.join('; ') : null;
}

function findCycle(tasks: readonly Pick<ScheduleInput, 'key' | 'dependsOn'>[]): string[] | null {
	const deps = new Map(tasks.map((t) => [t.key, t.dependsOn]));
	const state = new Map<string, 1 | 2>(); // 1 = on the stack, 2 = done
	const stack: string[] = [];
	for (const root of deps.keys()) {
		if (state.has(root)) continue;
		// Iterative DFS so a long chain cannot overflow the call stack.
		const frames: { key: string; i: number }[] = [{ key: root, i: 0 }];
		state.set(root, 1);
		stack.push(root);
		while (frames.length) {
			const f = frames[frames.length - 1];
			const next = deps.get(f.key)![f.i++];
			if (next === undefined) {
				state.set(f.key, 2);
				stack.pop();
				frames.pop();
			} else if (state.get(next) === 1) {
				return [...stack.slice(stack.indexOf(next)), next];
			} else if (!state.has(next)) {
				state.set(next, 1);
				stack.push(next);
				frames.push({ key: next, i: 0 });
			}
		}
	}
	return null;
}

/** Keys in an order where every task comes after its dependencies. Assumes a valid graph. */
export function topologicalOrder(tasks: readonly Pick<ScheduleInput, 'key' | 'dependsOn'>[]): string[] {
	const indexOf = new Map(tasks.map((t, i) => [t.key, i]));
	const depStart = new Int32Array(tasks.length + 1);
	const deps: number[] = [];
	tasks.forEach((t, i) => {
		// An unknown dependency never finishes: a task waiting for one (and all after it) is left out, as on a cycle.
		for (const d of t.dependsOn) deps.push(indexOf.get(d) ?? i);
		depStart[i + 1] = deps.length;
	});
	return Array.from(topologicalIndices(depStart, Int32Array.from(deps)), (i) => tasks[i].key);
}

/**
 * Node indices in an order where each comes after its dependencies (node i's are `deps[depStart[i]]` up to
 * `deps[depStart[i + 1]]`), ties in node order; nodes on a cycle, and those after one, are left out. The forecast
 * orders its flattened graph with this directly; `topologicalOrder` is the same over keys.
 */
export function topologicalIndices(depStart: Int32Array, deps: Int32Array): Int32Array {
	const n = depStart.length - 1;
	const indegree = new Int32Array(n);
	const dependentCount = new Int32Array(n + 1);
	for (let i = 0; i < n; i++) {
		indegree[i] = depStart[i + 1] - depStart[i];
		for (let k = depStart[i]; k < depStart[i + 1]; k++) dependentCount[deps[k] + 1]++;
	}
	// Each node's dependents in node order (a counting sort of the dependency pairs).
	const dependentStart = new Int32Array(n + 1);
	for (let i = 0; i < n; i++) dependentStart[i + 1] = dependentStart[i] + dependentCount[i + 1];
	const fill = dependentStart.slice(0, n);
	const dependents = new Int32Array(deps.length);
	for (let i = 0; i < n; i++)
		for (let k = depStart[i]; k < depStart[i + 1]; k++) dependents[fill[deps[k]]++] = i;
	const order = new Int32Array(n);
	let length = 0;
	for (let i = 0; i < n; i++) if (indegree[i] === 0) order[length++] = i;
	for (let at = 0; at < length; at++) {
		const node = order[at];
		for (let k = dependentStart[node]; k < dependentStart[node + 1]; k++)
			if (--indegree[dependents[k]] === 0) order[length++] = dependents[k];
	}
	return order.subarray(0, length);
}

/** When a task may start: after its latest dependency, and not before `earliest` nor its own "not before". */
export function readyTime(earliest: number, notBefore: number | null, latestDependency: number): number {
	const constraint = Math.max(earliest, notBefore ?? earliest);
	return latestDependency >= constraint ? latestDependency : constraint;
}

function forwardPass(
	tasks: readonly ScheduleInput[],
	earliest: number,
	slotOf: (t: ScheduleInput, readyAt: number, driver: string | null) => Slot
): Map<string, Slot> {
	const byKey = new Map(tasks.map((t) => [t.key, t]));
	const slots = new Map<string, Slot>();
	for (const key of topologicalOrder(tasks)) {
		const t = byKey.get(key)!;
		let latestDependency = -Infinity;
		let driver: string | null = null;
		for (const d of t.dependsOn) {
			const end = slots.get(d)!.end;
			if (end > latestDependency) {
				latestDependency = end;
				driver = d;
			}
		}
		const readyAt = readyTime(earliest, t.notBefore, latestDependency);
		slots.set(key, slotOf(t, readyAt, readyAt === latestDependency ? driver : null));
	}
	return slots;
}

/** The baseline plan: every task as early as its dependencies, "not before" and the window start allow. */
export function plannedSchedule(tasks: readonly ScheduleInput[], windowStart: number): Map<string, Slot> {
	return forwardPass(tasks, windowStart, (t, readyAt, driver) => ({
		start: readyAt,
		end: readyAt + t.durationMinutes * MINUTE,
		driver
	}));
}

/**
 * The projection from where things stand: actual times for finished tasks, elapsed time (at least the planned
 * duration) for running ones, and the rest scheduled no earlier than now.
 */
export function projectedSchedule(
	tasks: readonly ScheduleInput[],
	windowStart: number,
	now: number
): Map<string, Slot> {
	return forwardPass(tasks, windowStart, (t, readyAt, driver) => projectedSlot(t, readyAt, driver, now));
}

/** Where the projection puts one task that could start at `readyAt` (see projectedSchedule). */
export function projectedSlot(t: ScheduleInput, readyAt: number, driver: string | null, now: number): Slot {
	const duration = t.durationMinutes * MINUTE;
	if (isFinished(t.status)) {
		const end = t.actualEnd ?? readyAt;
		return { start: t.actualStart ?? end, end, driver };
	}
	if (t.status === 'in_progress' && t.actualStart !== null) {
		return { start: t.actualStart, end: Math.max(now, t.actualStart + duration), driver };
	}
	const start = Math.max(readyAt, now);
	return { start, end: start + duration, driver: start === readyAt ? driver : null };
}

/** The chain of tasks that drives the latest end, first task first. */
export function criticalPath(slots: ReadonlyMap<string, Slot>): string[] {
	let last: string | null = null;
	let lastEnd = -Infinity;
	for (const [key, slot] of slots)
		if (slot.end > lastEnd) {
			lastEnd = slot.end;
			last = key;
		}
	const path: string[] = [];
	for (let k = last; k !== null; k = slots.get(k)!.driver) path.push(k);
	return path.reverse();
}

export function scheduleEnd(slots: ReadonlyMap<string, Slot>, fallback: number): number {
	let end = fallback;
	for (const slot of slots.values()) if (slot.end > end) end = slot.end;
	return end;
}

/** Ready: not started yet and every dependency finished. */
export function isReady(
	task: Pick<ScheduleInput, 'status' | 'dependsOn'>,
	statusOf: (key: string) => TaskStatus | undefined
): boolean {
	return (
		task.status === 'not_started' &&
		task.dependsOn.every((d) => {
			const s = statusOf(d);
			return s !== undefined && isFinished(s);
		})
	);
}
