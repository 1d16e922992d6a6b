import { describe, expect, it } from 'vitest';
import type { DecisionView } from './schemas/decisions';
import {
	WALL_PANELS,
	checkpointAhead,
	lateTasks,
	nextOnCriticalPath,
	panelsOnScreen,
	runningTasks,
	wallPanels,
	wallRotateSeconds,
	type WallTask
} from './wall-view';

const task = (key: string, extra: Partial<WallTask> = {}): WallTask => ({
	key,
	status: 'not_started',
	late: false,
	actualStart: null,
	plannedStart: null,
	...extra
});

const point = (key: string, extra: Partial<DecisionView> = {}): DecisionView =>
	({
		key,
		title: `Point ${key}`,
		description: '',
		checkpointTask: null,
		voters: ['a', 'b', 'c', 'd'],
		mandatoryVoters: [],
		chair: 'a',
		quorum: 3,
		closesAt: null,
		status: 'open',
		reviews: null,
		openedWith: { forecast: null },
		createdBy: 'a',
		createdAt: '2026-12-04T10:00:00Z',
		position: 0,
		criteria: [],
		votes: [],
		outcomes: [],
		...extra
	}) as DecisionView;

describe('wall panels', () => {
	it('takes the known panels from the URL in its order, each once; nothing known: all', () => {
		expect(wallPanels('late, running,late,bogus')).toEqual(['late', 'running']);
		expect(wallPanels(null)).toEqual([...WALL_PANELS]);
		expect(wallPanels('<script>')).toEqual([...WALL_PANELS]);
	});

	it('shows the load panel by default only when the cutover has metrics, and when asked for', () => {
		expect(wallPanels(null, true)).toContain('load');
		expect(wallPanels(null, false)).toEqual(['running', 'late', 'next', 'checkpoint', 'transfers']);
		expect(wallPanels('running,load', false)).toEqual(['running', 'load']);
	});

	it('keeps the first panels and rotates the rest through the last slot', () => {
		const all = [...WALL_PANELS];
		expect(panelsOnScreen(all, 0)).toEqual(['running', 'late', 'next']);
		expect(panelsOnScreen(all, 1)).toEqual(['running', 'late', 'checkpoint']);
		expect(panelsOnScreen(all, 2)).toEqual(['running', 'late', 'transfers']);
		expect(panelsOnScreen(all, 3)).toEqual(['running', 'late', 'load']);
		expect(panelsOnScreen(all, 4)).toEqual(['running', 'late', 'next']);
		expect(panelsOnScreen(['late', 'checkpoint'], 7)).toEqual(['late', 'checkpoint']);
	});

	it('rotates every 5 to 300 seconds as asked, else every 15', () => {
		expect(wallRotateSeconds('30')).toBe(30);
		expect([wallRotateSeconds('1'), wallRotateSeconds('x'), wallRotateSeconds(null)]).toEqual([15, 15, 15]);
	});
});

describe('wall lists', () => {
	const tasks = [
		task('A', { status: 'done', late: true }),
		task('B', { status: 'in_progress', actualStart: 20 }),
		task('C', { status: 'in_progress', actualStart: 10, late: true, plannedStart: 5 }),
		task('D', { late: true, plannedStart: 1 }),
		task('E')
	];

	it('lists running tasks longest running first, and late ones not finished by planned start', () => {
		expect(runningTasks(tasks).map((t) => t.key)).toEqual(['C', 'B']);
		expect(lateTasks(tasks).map((t) => t.key)).toEqual(['D', 'C']);
	});

	it('lists the critical path steps not yet started, in path order', () => {
		const byKey = new Map(tasks.map((t) => [t.key, t]));
		expect(nextOnCriticalPath(['A', 'C', 'E', 'D', 'gone'], byKey).map((t) => t.key)).toEqual(['E', 'D']);
	});
});

describe('checkpoint ahead', () => {
	it('is the open point due soonest, by closing time or its checkpoint task, with its tally', () => {
		const planned = new Map([['GO-TASK', Date.parse('2026-12-05T06:00:00Z')]]);
		const points = [
			point('LATER', { closesAt: '2026-12-05T09:00:00Z', position: 1 }),
			point('GO', {
				checkpointTask: 'GO-TASK',
				position: 2,
				votes: [{ voter: 'a', vote: 'go' } as DecisionView['votes'][number]]
			}),
			point('DONE', { status: 'decided', closesAt: '2026-12-04T09:00:00Z' })
		];
		const ahead = checkpointAhead(points, (key) => planned.get(key) ?? null);
		expect(ahead).toMatchObject({ key: 'GO', dueAt: planned.get('GO-TASK') });
		expect(ahead!.tally).toMatchObject({ cast: 1, voters: 4, quorum: 3 });
		expect(checkpointAhead([points[2]], () => null)).toBeNull();
	});
});
