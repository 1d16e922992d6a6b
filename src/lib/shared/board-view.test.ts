import { describe, expect, it } from 'vitest';
import { deriveBoard, isLate, mayMoveTask, myTasks, upcomingTasks, windowState } from './board-view';
import type { TransferView } from './schemas/transfers';
import type { PhaseView, TaskView } from './schemas/runbook';

const START = Date.parse('2024-10-10T15:00:00Z'); // 18:00 in Helsinki
const MIN = 60_000;
const at = (minutes: number) => new Date(START + minutes * MIN).toISOString();

let position = 0;
function task(key: string, over: Partial<TaskView> = {}): TaskView {
	return {
		id: `id-${key}`,
		key,
		title: `Task ${key}`,
		description: '',
		phase: 'Prepare',
		owner: 'anna',
		durationMinutes: 60,
		notBefore: null,
		dependsOn: [],
		dependsOnTransfers: [],
		estimate: null,
		rehearsalMinutes: [],
		status: 'not_started',
		actualStart: null,
		actualEnd: null,
		lastNote: null,
		position: ++position,
		version: 1,
		updatedAt: at(0),
		...over
	};
}

const phases: PhaseView[] = [
	{ id: 'p1', name: 'Prepare', position: 1 },
	{ id: 'p2', name: 'Migrate', position: 2 }
];

// A -> B -> D and A -> C -> D; B takes longer, so A, B, D is the critical path.
const runbook = () => [
	task('A'),
	task('B', { dependsOn: ['A'], durationMinutes: 120, phase: 'Migrate', owner: 'dba' }),
	task('C', { dependsOn: ['A'], durationMinutes: 30, phase: 'Migrate' }),
	task('D', { dependsOn: ['B', 'C'], durationMinutes: 30, phase: 'Migrate' })
];

const WINDOW_END = START + 240 * MIN;

describe('deriveBoard', () => {
	it('plans from the window start and marks the critical path and ready tasks', () => {
		const b = deriveBoard({
			windowStart: START,
			windowEnd: WINDOW_END,
			phases,
			tasks: runbook(),
			now: START
		});
		expect(b.planned.get('D')).toMatchObject({ start: START + 180 * MIN, end: START + 210 * MIN });
		expect([...b.critical]).toEqual(['A', 'B', 'D']);
		expect([...b.ready]).toEqual(['A']);
		expect(b.late.size).toBe(0);
		expect(b.projectedEnd).toBe(START + 210 * MIN);
		expect(b.overrunMinutes).toBe(-30);
	});

	it('does not call a task ready before its "not before" time, since the server would refuse the start', () => {
		const tasks = [task('A', { notBefore: at(30) })];
		const before = deriveBoard({
			windowStart: START,
			windowEnd: WINDOW_END,
			phases,
			tasks,
			now: START + 29 * MIN
		});
		const after = deriveBoard({
			windowStart: START,
			windowEnd: WINDOW_END,
			phases,
			tasks,
			now: START + 30 * MIN
		});
		expect(before.ready.has('A')).toBe(false);
		expect(after.ready.has('A')).toBe(true);
	});

	it('projects from actuals and now, and counts an overrun against the window end', () => {
		const tasks = runbook();
		tasks[0] = task('A', { status: 'done', actualStart: at(0), actualEnd: at(90) });
		tasks[1] = task('B', {
			dependsOn: ['A'],
			durationMinutes: 120,
			phase: 'Migrate',
			status: 'in_progress',
			actualStart: at(90)
		});
		const now = START + 100 * MIN;
		const b = deriveBoard({ windowStart: START, windowEnd: WINDOW_END, phases, tasks, now });
		// B ends at 90 + 120 = 210, D at 240: exactly at the window end.
		expect(b.projected.get('B')!.end).toBe(START + 210 * MIN);
		expect(b.projectedEnd).toBe(START + 240 * MIN);
		expect(b.overrunMinutes).toBe(0);
		// C became ready when A finished; B is running past nothing yet, so nothing is late at 100 min.
		expect([...b.critical]).toEqual(['B', 'D']); // A is done: only what is still ahead is marked
		expect(b.ready.has('C')).toBe(true);
		expect(b.late.has('C')).toBe(true); // planned 60..90, not started at 100
		expect(b.late.has('B')).toBe(false); // planned 60..180
	});

	it('reports done/total, lateness and slip per phase in phase order', () => {
		const tasks = runbook();
		tasks[0] = task('A', { status: 'done', actualStart: at(0), actualEnd: at(90) });
		const b = deriveBoard({
			windowStart: START,
			windowEnd: WINDOW_END,
			phases,
			tasks,
			now: START + 200 * MIN
		});
		expect(b.phases.map((p) => [p.name, p.done, p.total, p.late])).toEqual([
			['Prepare', 1, 1, 0],
			['Migrate', 0, 3, 2]
		]);
		// B (planned to 180) and C (to 90) are late; D (planned to 210) not yet.
		// Migrate was planned to end at 210; with nothing started at 200 it now ends at 200 + 120 + 30 = 350.
		expect(b.phases[1].slipMinutes).toBe(140);
		expect(b.overrunMinutes).toBe(110);
	});

	it('copes with an empty runbook and dependencies on unknown keys', () => {
		const empty = deriveBoard({ windowStart: START, windowEnd: WINDOW_END, phases, tasks: [], now: START });
		expect(empty.projectedEnd).toBe(START);
		expect(empty.critical.size).toBe(0);
		const odd = deriveBoard({
			windowStart: START,
			windowEnd: WINDOW_END,
			phases: [],
			tasks: [task('X', { dependsOn: ['GONE'], phase: 'Elsewhere' })],
			now: START
		});
		expect(odd.ready.has('X')).toBe(false);
		expect(odd.phases).toEqual([{ name: 'Elsewhere', done: 0, total: 1, late: 0, slipMinutes: 0 }]);
	});
});

describe('deriveBoard with data transfers', () => {
	const transfer = (over: Partial<TransferView> = {}): TransferView => ({
		key: 'customers',
		name: 'Customers',
		unit: 'records',
		total: 1000,
		done: 250,
		startedAt: at(0),
		finishedAt: null,
		lastProgressAt: at(60),
		plannedRatePerHour: null,
		plannedMinutes: 120,
		stallAfterMinutes: 15,
		dependsOn: [],
		position: 1,
		version: 1,
		series: 1,
		ratePerHour: 250,
		eta: at(240),
		etaLow: at(200),
		etaHigh: at(300),
		history: [],
		...over
	});
	const validate = task('V', { dependsOnTransfers: ['customers'], durationMinutes: 30 });

	it('places a task that waits for data after the transfer ETA, and does not call it ready', () => {
		const d = deriveBoard({
			windowStart: START,
			windowEnd: WINDOW_END,
			phases,
			tasks: [validate],
			transfers: [transfer()],
			now: START + 60 * MIN
		});
		expect(d.projected.get('V')!.start).toBe(START + 240 * MIN);
		expect(d.projectedEnd).toBe(START + 270 * MIN);
		expect(d.overrunMinutes).toBe(30);
		// Planned: the transfer's planned 2 hours from the window start.
		expect(d.planned.get('V')!.start).toBe(START + 120 * MIN);
		expect(d.ready.has('V')).toBe(false);
		expect([...d.critical]).toEqual(['V']);
	});

	it('calls the task ready once the transfer has finished', () => {
		const d = deriveBoard({
			windowStart: START,
			windowEnd: WINDOW_END,
			phases,
			tasks: [validate],
			transfers: [transfer({ done: 1000, finishedAt: at(90) })],
			now: START + 100 * MIN
		});
		expect(d.ready.has('V')).toBe(true);
		expect(d.projected.get('V')!.start).toBe(START + 100 * MIN);
	});
});

describe('isLate', () => {
	it('is late only when the planned end has passed and the task is not finished', () => {
		expect(isLate('in_progress', START, START + 1)).toBe(true);
		expect(isLate('failed', START, START + 1)).toBe(true);
		expect(isLate('done', START, START + 1)).toBe(false);
		expect(isLate('skipped', START, START + 1)).toBe(false);
		expect(isLate('not_started', START, START)).toBe(false);
		expect(isLate('not_started', undefined, START)).toBe(false);
	});
});

describe('windowState', () => {
	it('says how long until, within or since the window', () => {
		expect(windowState(START - 90 * MIN, START, WINDOW_END)).toEqual({ kind: 'before', minutes: 90 });
		expect(windowState(START + 30 * MIN, START, WINDOW_END)).toEqual({ kind: 'during', minutes: 210 });
		expect(windowState(WINDOW_END + 5 * MIN, START, WINDOW_END)).toEqual({ kind: 'after', minutes: 5 });
	});
});

describe('mayMoveTask', () => {
	it('lets operators move any task and others only their own or their team’s', () => {
		expect(mayMoveTask({ role: 'operator', username: 'op', team: null }, 'dba')).toBe(true);
		expect(mayMoveTask({ role: 'task_owner', username: 'anna', team: 'dba' }, 'dba')).toBe(true);
		expect(mayMoveTask({ role: 'task_owner', username: 'anna', team: null }, 'anna')).toBe(true);
		expect(mayMoveTask({ role: 'task_owner', username: 'anna', team: null }, 'dba')).toBe(false);
		expect(mayMoveTask({ role: 'viewer', username: 'anna', team: null }, 'anna')).toBe(false);
	});
});

describe('myTasks', () => {
	it('lists owned tasks that are running, failed, blocked or ready, running first', () => {
		const tasks = [
			task('A', { status: 'done' }),
			task('R', { status: 'not_started' }),
			task('W', { status: 'not_started', dependsOn: ['R'] }),
			task('F', { status: 'failed' }),
			task('P', { status: 'in_progress' }),
			task('O', { status: 'in_progress', owner: 'someone-else' }),
			task('T', { status: 'blocked', owner: 'dba' })
		];
		const b = deriveBoard({ windowStart: START, windowEnd: WINDOW_END, phases, tasks, now: START });
		const mine = myTasks(tasks, { username: 'anna', team: 'dba' }, b.ready, b.planned);
		expect(mine.map((t) => t.key)).toEqual(['P', 'F', 'T', 'R']);
	});
});

describe('upcomingTasks', () => {
	it("lists a user's waiting tasks by planned start, not the ready, finished or others' ones", () => {
		const tasks = [
			task('R', { status: 'not_started', durationMinutes: 30 }),
			task('LATER', { status: 'not_started', dependsOn: ['MID'], durationMinutes: 10 }),
			task('MID', { status: 'not_started', dependsOn: ['R'], durationMinutes: 10, owner: 'dba' }),
			task('DONE', { status: 'done' }),
			task('OTHER', { status: 'not_started', dependsOn: ['R'], owner: 'someone-else' })
		];
		const b = deriveBoard({ windowStart: START, windowEnd: WINDOW_END, phases, tasks, now: START });
		const who = { username: 'anna', team: 'dba' };
		expect(upcomingTasks(tasks, who, b.ready, b.planned).map((t) => t.key)).toEqual(['MID', 'LATER']);
		expect(upcomingTasks(tasks, who, b.ready, b.planned, 1).map((t) => t.key)).toEqual(['MID']);
	});
});
