import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	criticalPath,
	describeGraphProblems,
	graphProblems,
	isReady,
	plannedSchedule,
	projectedSchedule,
	scheduleEnd,
	topologicalOrder,
	type ScheduleInput
} from './schedule';
import { TASK_STATUSES, type TaskStatus } from './task-status';

const MIN = 60_000;
const W = Date.parse('2024-10-10T15:00:00Z'); // Thursday 18:00 in Helsinki

function task(
	key: string,
	durationMinutes: number,
	dependsOn: string[] = [],
	extra: Partial<ScheduleInput> = {}
) {
	return {
		key,
		durationMinutes,
		dependsOn,
		notBefore: null,
		status: 'not_started' as TaskStatus,
		actualStart: null,
		actualEnd: null,
		...extra
	} satisfies ScheduleInput;
}

/** A diamond: A then B (long) and C (short) in parallel, then D after both. */
const diamond = () => [task('A', 30), task('B', 60, ['A']), task('C', 10, ['A']), task('D', 20, ['B', 'C'])];

const at = (slots: ReturnType<typeof plannedSchedule>, key: string) => {
	const s = slots.get(key)!;
	return { start: (s.start - W) / MIN, end: (s.end - W) / MIN, driver: s.driver };
};

describe('planned schedule (forward pass)', () => {
	it('starts each task when its last dependency ends, from the window start', () => {
		const slots = plannedSchedule(diamond(), W);
		expect(at(slots, 'A')).toEqual({ start: 0, end: 30, driver: null });
		expect(at(slots, 'B')).toEqual({ start: 30, end: 90, driver: 'A' });
		expect(at(slots, 'C')).toEqual({ start: 30, end: 40, driver: 'A' });
		expect(at(slots, 'D')).toEqual({ start: 90, end: 110, driver: 'B' });
		expect(scheduleEnd(slots, W)).toBe(W + 110 * MIN);
	});

	it('does not depend on the order tasks are listed in', () => {
		const reversed = plannedSchedule(diamond().reverse(), W);
		expect(at(reversed, 'D')).toEqual({ start: 90, end: 110, driver: 'B' });
	});

	it('holds a task until its "not before" time, which then drives it instead of a dependency', () => {
		const tasks = diamond().map((t) => (t.key === 'C' ? { ...t, notBefore: W + 120 * MIN } : t));
		const slots = plannedSchedule(tasks, W);
		expect(at(slots, 'C')).toEqual({ start: 120, end: 130, driver: null });
		expect(at(slots, 'D')).toEqual({ start: 130, end: 150, driver: 'C' });
		expect(criticalPath(slots)).toEqual(['C', 'D']);
	});

	it('ignores a "not before" time that is already earlier than the dependencies allow', () => {
		const tasks = diamond().map((t) => (t.key === 'B' ? { ...t, notBefore: W + 5 * MIN } : t));
		expect(at(plannedSchedule(tasks, W), 'B')).toEqual({ start: 30, end: 90, driver: 'A' });
	});

	it('never starts before the window, even with an earlier "not before"', () => {
		const slots = plannedSchedule([task('A', 10, [], { notBefore: W - 60 * MIN })], W);
		expect(at(slots, 'A')).toEqual({ start: 0, end: 10, driver: null });
	});

	it('gives zero-length milestones a slot', () => {
		const slots = plannedSchedule([task('A', 30), task('GO', 0, ['A']), task('B', 5, ['GO'])], W);
		expect(at(slots, 'GO')).toEqual({ start: 30, end: 30, driver: 'A' });
		expect(at(slots, 'B')).toEqual({ start: 30, end: 35, driver: 'GO' });
	});

	it('handles an empty runbook', () => {
		const slots = plannedSchedule([], W);
		expect(slots.size).toBe(0);
		expect(criticalPath(slots)).toEqual([]);
		expect(scheduleEnd(slots, W)).toBe(W);
	});
});

describe('projected schedule (from actuals)', () => {
	it('uses actual times for finished work, elapsed time for running work, and now for the rest', () => {
		const tasks = [
			task('A', 30, [], { status: 'done', actualStart: W, actualEnd: W + 50 * MIN }), // 20 min late
			task('B', 60, ['A'], { status: 'in_progress', actualStart: W + 50 * MIN }),
			task('C', 10, ['A']),
			task('D', 20, ['B', 'C'])
		];
		const now = W + 60 * MIN;
		const slots = projectedSchedule(tasks, W, now);
		expect(at(slots, 'A')).toEqual({ start: 0, end: 50, driver: null });
		expect(at(slots, 'B')).toEqual({ start: 50, end: 110, driver: 'A' });
		// C could have started at 50 but has not: it starts no earlier than now, so now drives it.
		expect(at(slots, 'C')).toEqual({ start: 60, end: 70, driver: null });
		expect(at(slots, 'D')).toEqual({ start: 110, end: 130, driver: 'B' });
		expect(criticalPath(slots)).toEqual(['A', 'B', 'D']);
		expect(scheduleEnd(slots, W)).toBe(W + 130 * MIN);
	});

	it('stretches a running task that is past its planned duration to now', () => {
		const tasks = [task('A', 30, [], { status: 'in_progress', actualStart: W }), task('B', 10, ['A'])];
		const slots = projectedSchedule(tasks, W, W + 45 * MIN);
		expect(at(slots, 'A')).toEqual({ start: 0, end: 45, driver: null });
		expect(at(slots, 'B')).toEqual({ start: 45, end: 55, driver: 'A' });
	});

	it('counts a skipped task as finished at its actual end', () => {
		const tasks = [
			task('A', 30, [], { status: 'skipped', actualStart: null, actualEnd: W + 5 * MIN }),
			task('B', 10, ['A'])
		];
		const slots = projectedSchedule(tasks, W, W);
		expect(at(slots, 'A')).toEqual({ start: 5, end: 5, driver: null });
		expect(at(slots, 'B')).toEqual({ start: 5, end: 15, driver: 'A' });
	});

	it('matches the plan before the window opens when nothing has moved', () => {
		const before = W - 3 * 60 * MIN;
		const projected = projectedSchedule(diamond(), W, before);
		const planned = plannedSchedule(diamond(), W);
		expect([...projected]).toEqual([...planned]);
	});
});

describe('critical path', () => {
	it('follows the drivers back from the task that ends last', () => {
		expect(criticalPath(plannedSchedule(diamond(), W))).toEqual(['A', 'B', 'D']);
	});

	it('picks the longer of two independent chains', () => {
		const tasks = [task('X1', 10), task('X2', 10, ['X1']), task('Y1', 5), task('Y2', 30, ['Y1'])];
		expect(criticalPath(plannedSchedule(tasks, W))).toEqual(['Y1', 'Y2']);
	});
});

describe('graph validation', () => {
	it('accepts a valid graph', () => {
		const p = graphProblems(diamond());
		expect(p).toEqual({ unknown: [], duplicates: [], cycle: null });
		expect(describeGraphProblems(p)).toBeNull();
	});

	it('names every unknown dependency with the task that has it', () => {
		const p = graphProblems([task('A', 1, ['NOPE']), task('B', 1, ['A', 'GHOST'])]);
		expect(p.unknown).toEqual([
			{ task: 'A', dependsOn: 'NOPE' },
			{ task: 'B', dependsOn: 'GHOST' }
		]);
		expect(describeGraphProblems(p)).toBe('unknown dependencies: A depends on NOPE; B depends on GHOST');
	});

	it('names the tasks of a cycle in order', () => {
		const p = graphProblems([task('A', 1, ['C']), task('B', 1, ['A']), task('C', 1, ['B']), task('D', 1)]);
		expect(p.cycle).not.toBeNull();
		const cycle = p.cycle!;
		expect(cycle[0]).toBe(cycle.at(-1));
		expect(new Set(cycle)).toEqual(new Set(['A', 'B', 'C']));
		expect(cycle).toHaveLength(4);
		const message = describeGraphProblems(p)!;
		expect(message).toBe(`dependency cycle: ${cycle.join(' -> ')}`);
		for (const k of ['A', 'B', 'C']) expect(message).toContain(k);
		expect(message).not.toContain('D');
	});

	it('finds a task that depends on itself', () => {
		expect(graphProblems([task('A', 1, ['A'])]).cycle).toEqual(['A', 'A']);
	});

	it('names duplicate keys', () => {
		const p = graphProblems([task('A', 1), task('B', 1), task('A', 2)]);
		expect(p.duplicates).toEqual(['A']);
		expect(describeGraphProblems(p)).toBe('duplicate task keys: A');
	});

	it('reports unknown keys and duplicates together', () => {
		const message = describeGraphProblems(graphProblems([task('A', 1), task('A', 1, ['Z'])]))!;
		expect(message).toContain('duplicate task keys: A');
		expect(message).toContain('A depends on Z');
	});
});

describe('long chains', () => {
	const N = 50_000;
	const chain = () => Array.from({ length: N }, (_, i) => task(`T${i}`, 1, i ? [`T${i - 1}`] : []));

	it('validates, schedules and walks a 50 000-task chain without overflowing the stack', () => {
		const tasks = chain();
		expect(describeGraphProblems(graphProblems(tasks))).toBeNull();
		const slots = plannedSchedule(tasks, W);
		expect(slots.get(`T${N - 1}`)!.end).toBe(W + N * MIN);
		const path = criticalPath(slots);
		expect(path).toHaveLength(N);
		expect(path[0]).toBe('T0');
	});

	it('finds a cycle closing a 50 000-task chain', () => {
		const tasks = chain();
		tasks[0] = task('T0', 1, [`T${N - 1}`]);
		expect(graphProblems(tasks).cycle).toHaveLength(N + 1);
	});
});

describe('isReady', () => {
	const statuses: Record<string, TaskStatus> = {
		A: 'done',
		B: 'skipped',
		C: 'in_progress',
		D: 'not_started'
	};
	const statusOf = (k: string) => statuses[k];

	it('is ready when not started and every dependency is done or skipped', () => {
		expect(isReady({ status: 'not_started', dependsOn: ['A', 'B'] }, statusOf)).toBe(true);
		expect(isReady({ status: 'not_started', dependsOn: [] }, statusOf)).toBe(true);
	});

	it('is not ready while a dependency is unfinished or unknown', () => {
		expect(isReady({ status: 'not_started', dependsOn: ['A', 'C'] }, statusOf)).toBe(false);
		expect(isReady({ status: 'not_started', dependsOn: ['D'] }, statusOf)).toBe(false);
		expect(isReady({ status: 'not_started', dependsOn: ['MISSING'] }, statusOf)).toBe(false);
	});

	it('is never ready once the task itself has moved', () => {
		for (const status of TASK_STATUSES.filter((s) => s !== 'not_started'))
			expect(isReady({ status, dependsOn: [] }, statusOf)).toBe(false);
	});
});

/** Random DAGs: task i may depend on any earlier task; listed in a shuffled order. */
const dag = fc
	.array(
		fc.record({
			duration: fc.integer({ min: 0, max: 600 }),
			deps: fc.array(fc.nat(), { maxLength: 4 }),
			notBefore: fc.option(fc.integer({ min: -120, max: 2000 }), { nil: null })
		}),
		{ minLength: 1, maxLength: 40 }
	)
	.chain((specs) =>
		fc.shuffledSubarray(
			specs.map((s, i) =>
				task(`T${i}`, s.duration, i === 0 ? [] : [...new Set(s.deps.map((d) => `T${d % i}`))], {
					notBefore: s.notBefore === null ? null : W + s.notBefore * MIN
				})
			),
			{ minLength: specs.length, maxLength: specs.length }
		)
	);

describe('properties', () => {
	it('a planned task starts as early as its dependencies, "not before" and the window allow, and no earlier', () => {
		fc.assert(
			fc.property(dag, (tasks) => {
				expect(describeGraphProblems(graphProblems(tasks))).toBeNull();
				const slots = plannedSchedule(tasks, W);
				expect(slots.size).toBe(tasks.length);
				for (const t of tasks) {
					const s = slots.get(t.key)!;
					const earliest = Math.max(W, t.notBefore ?? W, ...t.dependsOn.map((d) => slots.get(d)!.end));
					expect(s.start).toBe(earliest);
					expect(s.end).toBe(s.start + t.durationMinutes * MIN);
				}
			})
		);
	});

	it('the critical path is a chain of back-to-back tasks that ends when the schedule ends', () => {
		fc.assert(
			fc.property(dag, (tasks) => {
				const slots = plannedSchedule(tasks, W);
				const path = criticalPath(slots);
				const byKey = new Map(tasks.map((t) => [t.key, t]));
				expect(path.length).toBeGreaterThan(0);
				expect(slots.get(path.at(-1)!)!.end).toBe(scheduleEnd(slots, W));
				expect(slots.get(path[0])!.driver).toBeNull();
				for (let i = 1; i < path.length; i++) {
					expect(byKey.get(path[i])!.dependsOn).toContain(path[i - 1]);
					expect(slots.get(path[i])!.start).toBe(slots.get(path[i - 1])!.end);
				}
			})
		);
	});

	it('a topological order lists every task once, after its dependencies', () => {
		fc.assert(
			fc.property(dag, (tasks) => {
				const order = topologicalOrder(tasks);
				expect([...order].sort()).toEqual(tasks.map((t) => t.key).sort());
				const index = new Map(order.map((k, i) => [k, i]));
				for (const t of tasks)
					for (const d of t.dependsOn) expect(index.get(d)!).toBeLessThan(index.get(t.key)!);
			})
		);
	});

	it('a projected task that has not started starts no earlier than now or its dependencies end', () => {
		fc.assert(
			fc.property(dag, fc.integer({ min: -60, max: 3000 }), (tasks, nowMinutes) => {
				const now = W + nowMinutes * MIN;
				const slots = projectedSchedule(tasks, W, now);
				for (const t of tasks) {
					const s = slots.get(t.key)!;
					expect(s.start).toBeGreaterThanOrEqual(
						Math.max(now, W, ...t.dependsOn.map((d) => slots.get(d)!.end))
					);
					expect(s.end - s.start).toBe(t.durationMinutes * MIN);
				}
			})
		);
	});

	it('closing a back edge into a DAG is found as a cycle whose every step is a real dependency', () => {
		fc.assert(
			fc.property(dag, fc.nat(), fc.nat(), (tasks, a, b) => {
				const order = topologicalOrder(tasks);
				const [from, to] = [a % order.length, b % order.length].sort((x, y) => x - y);
				// The earlier task now also depends on a later one (or itself): that closes a cycle only when the
				// later one can reach it; add a direct path to be sure by making `to` depend on `from` too.
				const early = order[from];
				const late = order[to];
				const changed = tasks.map((t) => {
					if (t.key === early) return { ...t, dependsOn: [...t.dependsOn, late] };
					if (t.key === late && late !== early)
						return { ...t, dependsOn: [...new Set([...t.dependsOn, early])] };
					return t;
				});
				const cycle = graphProblems(changed).cycle;
				expect(cycle).not.toBeNull();
				expect(cycle![0]).toBe(cycle!.at(-1));
				const byKey = new Map(changed.map((t) => [t.key, t]));
				for (let i = 0; i + 1 < cycle!.length; i++)
					expect(byKey.get(cycle![i])!.dependsOn).toContain(cycle![i + 1]);
			})
		);
	});
});
