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
	const input = { ...board, notices: [], signoffs: null };

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
		const model = postEventModel({ ...done, notices: [], signoffs: null });
		expect(model.actualEnd).toBe(iso(115));
		expect(model.phases[0].actualMinutes).toBe(115);
		const fi = postEventMarkdown(translator('fi'), model);
		expect(fi).toContain('# Loppuraportti');
		expect(fi).toContain('Tehtävät, suurimmat ylitykset ensin');
		expect(fi).toContain('\\<script>');
		expect(fi).toContain('\\| load');
		expect(postEventMarkdown(translator('sv'), model)).toContain('# Slutrapport');
	});

	it('lists a wave’s systems with each tester’s word, problems first, and those still waiting as such', () => {
		const tove = { name: 'Tove Tester', email: 'tove@example.org' };
		const ulf = { name: 'Ulf Tester', email: 'ulf@example.org' };
		const word = (system: string, tester: typeof tove, verdict: 'works' | 'problems', minutes: number) => ({
			system,
			testerName: tester.name,
			testerEmail: tester.email,
			verdict,
			note: verdict === 'problems' ? 'Login fails\n# for *everyone*' : '',
			via: verdict === 'problems' ? 'link' : 'mia',
			at: iso(minutes),
			followUpTask: verdict === 'problems' ? `${system}.fix-1` : null,
			seq: minutes
		});
		const model = postEventModel({
			...input,
			signoffs: [
				{
					key: 'A-1',
					name: 'Payroll',
					stage: 'migrated',
					testers: [tove],
					verdicts: { [tove.email]: 'works' },
					signoffs: [word('A-1', tove, 'works', 200)]
				},
				{
					key: 'B-1',
					name: 'Loans',
					stage: 'problems',
					testers: [tove, ulf],
					verdicts: { [tove.email]: 'problems' },
					signoffs: [word('B-1', tove, 'problems', 210)]
				},
				{ key: 'C-1', name: 'Maps', stage: 'moving', testers: [tove], verdicts: {}, signoffs: [] },
				{ key: 'D-1', name: 'Mail', stage: 'moved', testers: [], verdicts: {}, signoffs: [] }
			]
		});
		expect(model.signoffs?.map((s) => [s.key, s.waitingFor, s.notMoved])).toEqual([
			['B-1', ['Ulf Tester'], false],
			['D-1', [], false],
			['C-1', [], true],
			['A-1', [], false]
		]);
		const en = postEventMarkdown(translator('en'), model);
		expect(en).toContain('## Sign-offs');
		expect(en).toContain('### Loans (B-1): Problems reported');
		expect(en).toContain(
			'- Tove Tester: Problems, 2024-10-10T21:30:00+03:00, through their link, follow-up B-1.fix-1'
		);
		expect(en).toContain('> Login fails\n> \\# for \\*everyone\\*');
		expect(en).toContain('- Waiting for sign-off: Ulf Tester');
		expect(en).toContain('- Tove Tester: Works, 2024-10-10T21:20:00+03:00, recorded by mia');
		expect(en).toContain('### Maps (C-1): Moving\n\n- Not moved yet: nothing to sign off.');
		expect(en).toContain('- No testers named: nobody can sign it off.');
		expect(postEventMarkdown(translator('sv'), model)).toContain('## Godkännanden');
	});

	it('leaves the sign-offs out for a cutover that is not a wave', () => {
		const model = postEventModel({ ...input, signoffs: null });
		expect(model.signoffs).toBeNull();
		expect(postEventMarkdown(translator('en'), model)).not.toContain('Sign-offs');
	});
});
