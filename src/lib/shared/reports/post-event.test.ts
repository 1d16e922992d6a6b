import { describe, expect, it } from 'vitest';
import { translator } from '../i18n';
import type { BoardTask, CutoverView } from '../schemas/runbook';
import { postEventMarkdown, postEventModel, type PostEventInput } from './post-event';

const MINUTE = 60_000;
const T0 = Date.UTC(2024, 9, 10, 15);
const iso = (minutes: number) => new Date(T0 + minutes * MINUTE).toISOString();

const CUTOVER: CutoverView = {
	id: 'c1',
	slug: 'demo',
	kind: 'cutover',
	programmeId: null,
	rehearsalOfId: null,
	name: 'Demo',
	timezone: 'Europe/Helsinki',
	windowStart: iso(0),
	windowEnd: iso(480),
	version: 1,
	lastSeq: 9,
	createdAt: iso(-60)
};

function task(key: string, over: Partial<BoardTask> = {}): BoardTask {
	return {
		key,
		title: `Task ${key}`,
		description: '',
		phase: 'Move',
		owner: 'anna',
		durationMinutes: 30,
		notBefore: null,
		dependsOn: [],
		dependsOnTransfers: [],
		estimate: null,
		rehearsalMinutes: [],
		status: 'not_started',
		actualStart: null,
		actualEnd: null,
		lastNote: null,
		position: key.charCodeAt(0),
		version: 1,
		updatedAt: iso(0),
		...over
	};
}

/** A board of `tasks` in one phase, with nothing else to report. */
const snapshot = (_seq: number, tasks: BoardTask[]): Omit<PostEventInput, 'notices' | 'signoffs'> => ({
	cutover: CUTOVER,
	phases: [{ id: 'p1', name: 'Move', position: 1 }],
	tasks,
	forecastHistory: [],
	windowHistory: [],
	decisions: [],
	incidents: []
});

describe('the post-event report', () => {
	const board = snapshot(9, [
		task('A', { durationMinutes: 30, status: 'done', actualStart: iso(0), actualEnd: iso(25) }),
		task('B', {
			durationMinutes: 60,
			status: 'done',
			actualStart: iso(25),
			actualEnd: iso(115),
			dependsOn: ['A']
		}),
		task('C', { durationMinutes: 20, status: 'in_progress', actualStart: iso(115), dependsOn: ['B'] })
	]);
	const input = { ...board, notices: [], signoffs: [] };

	it('puts the longest overrun first, the unfinished last, and sums each phase', () => {
		const model = postEventModel(input);
		expect(model.tasks.map((t) => [t.key, t.overrunMinutes])).toEqual([
			['B', 30],
			['A', -5],
			['C', null]
		]);
		expect(model.phases[0]).toMatchObject({ plannedMinutes: 110, done: 2, tasks: 3, actualMinutes: null });
		expect(model.actualEnd).toBeNull();
	});

	it('gives the end once every task is done, and says it in the reader’s language with user text inert', () => {
		const done = snapshot(9, [
			task('A', { durationMinutes: 30, status: 'done', actualStart: iso(0), actualEnd: iso(25) }),
			task('B', {
				title: '<script>alert(1)</script> | load',
				durationMinutes: 60,
				status: 'done',
				actualStart: iso(25),
				actualEnd: iso(115)
			})
		]);
		const model = postEventModel({ ...done, notices: [], signoffs: [] });
		expect(model.actualEnd).toBe(iso(115));
		expect(model.phases[0].actualMinutes).toBe(115);
		const fi = postEventMarkdown(translator('fi'), model);
		expect(fi).toContain('# Loppuraportti');
		expect(fi).toContain('Tehtävät, suurimmat ylitykset ensin');
		expect(fi).toContain('\\<script>');
		expect(fi).toContain('\\| load');
		expect(postEventMarkdown(translator('sv'), model)).toContain('# Slutrapport');
	});
});
