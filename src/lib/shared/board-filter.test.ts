import { describe, expect, it } from 'vitest';
import { boardFilter, matchesFilter, nowTaskKey, withParam, type FilterableTask } from './board-filter';

const task = (key: string, extra: Partial<FilterableTask> = {}) => ({
	key,
	status: 'not_started' as FilterableTask['status'],
	owner: 'dba',
	late: false,
	critical: false,
	ready: false,
	...extra
});

describe('board filters', () => {
	it('reads the filter from the URL, anything unknown showing all', () => {
		expect(boardFilter('late')).toBe('late');
		expect(boardFilter('LATE')).toBe('all');
		expect(boardFilter(null)).toBe('all');
	});

	it('shows what can be acted on now, what is late or critical and not finished, and what is mine', () => {
		const running = task('A', { status: 'in_progress' });
		const ready = task('B', { ready: true });
		const waiting = task('C');
		const lateDone = task('D', { status: 'done', late: true, critical: true });
		const lateWaiting = task('E', { late: true, critical: true, owner: 'ada' });
		const who = { username: 'ada', team: 'infra' };
		const kept = (filter: Parameters<typeof matchesFilter>[0]) =>
			[running, ready, waiting, lateDone, lateWaiting]
				.filter((t) => matchesFilter(filter, t, who))
				.map((t) => t.key);
		expect(kept('all')).toEqual(['A', 'B', 'C', 'D', 'E']);
		expect(kept('now')).toEqual(['A', 'B']);
		expect(kept('late')).toEqual(['E']);
		expect(kept('critical')).toEqual(['E']);
		expect(kept('mine')).toEqual(['E']);
		expect(matchesFilter('mine', task('F', { owner: 'infra' }), who)).toBe(true);
		expect(matchesFilter('mine', running, null)).toBe(false);
	});

	it('jumps to the first running or late task, else the first ready, else the first unfinished', () => {
		expect(
			nowTaskKey([task('A', { status: 'done' }), task('B', { ready: true }), task('C', { late: true })])
		).toBe('C');
		expect(nowTaskKey([task('A', { status: 'done' }), task('B'), task('C', { ready: true })])).toBe('C');
		expect(nowTaskKey([task('A', { status: 'done' }), task('B')])).toBe('B');
		expect(nowTaskKey([task('A', { status: 'skipped' })])).toBeNull();
	});

	it('keeps the other parameters and drops a default', () => {
		const search = new URLSearchParams('show=late&phase=Prep');
		expect(withParam(search, 'show', 'all')).toBe('?phase=Prep');
		expect(withParam(search, 'phase', 'Cut over')).toBe('?show=late&phase=Cut+over');
		expect(withParam(new URLSearchParams(), 'show', null)).toBe('');
	});
});
