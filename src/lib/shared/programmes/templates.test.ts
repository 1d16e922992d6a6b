import { describe, expect, it } from 'vitest';
import { linesToSteps, stepTasks, stepToLine, systemProgress } from './templates';

const SYSTEM = {
	key: 'APP-1',
	name: 'Payroll',
	contactName: 'Kari Contact',
	testers: [{ name: 'Tove Tester', email: 'tove@example.org' }]
};
const STEPS = [
	{ key: 'stop', title: 'Stop', phase: 'Move', durationMinutes: 10, owner: '@contact', kind: 'work' },
	{ key: 'start', title: 'Start', phase: 'Move', durationMinutes: 5, owner: 'ops', kind: 'work' },
	{
		key: 'signoff',
		title: 'Sign-off',
		phase: 'Check',
		durationMinutes: 60,
		owner: '@tester',
		kind: 'signoff'
	}
] as const;

describe('a template made into a system’s tasks', () => {
	it('keys, titles and chains the steps, resolving @contact and @tester', () => {
		const tasks = stepTasks(SYSTEM, STEPS, '2026-12-10T17:00:00.000Z');
		expect(tasks.map((t) => [t.key, t.title, t.owner, t.dependsOn, t.systemStep])).toEqual([
			['APP-1.stop', 'Stop: Payroll', 'Kari Contact', [], 'work'],
			['APP-1.start', 'Start: Payroll', 'ops', ['APP-1.stop'], 'work'],
			['APP-1.signoff', 'Sign-off: Payroll', 'Tove Tester', ['APP-1.start'], 'signoff']
		]);
		expect(new Set(tasks.map((t) => t.notBefore))).toEqual(new Set(['2026-12-10T17:00:00.000Z']));
	});

	it('gives @tester steps to the contact when the system has no testers', () => {
		expect(stepTasks({ ...SYSTEM, testers: [] }, STEPS, null)[2].owner).toBe('Kari Contact');
	});

	it('reads back the lines it writes', () => {
		expect(linesToSteps(STEPS.map(stepToLine).join('\n'))).toEqual(STEPS);
		expect(linesToSteps('\n a | A | P | 5 | ops \n')).toEqual([
			{ key: 'a', title: 'A', phase: 'P', durationMinutes: 5, owner: 'ops', kind: 'work' }
		]);
	});
});

describe('a system’s progress from its tasks', () => {
	const held = { startedAt: null, movedAt: null };
	const at = '2026-12-10T18:00:00.000Z';
	it('starts with its first task and is moved when every work step is finished, not waiting for its sign-off', () => {
		expect(systemProgress([{ status: 'not_started', systemStep: 'work' }], held, at)).toEqual(held);
		const moving = systemProgress(
			[
				{ status: 'done', systemStep: 'work' },
				{ status: 'in_progress', systemStep: 'work' }
			],
			held,
			at
		);
		expect(moving).toEqual({ startedAt: at, movedAt: null });
		const moved = systemProgress(
			[
				{ status: 'done', systemStep: 'work' },
				{ status: 'skipped', systemStep: 'work' },
				{ status: 'not_started', systemStep: 'signoff' }
			],
			{ startedAt: '2026-12-10T17:00:00.000Z', movedAt: null },
			at
		);
		expect(moved).toEqual({ startedAt: '2026-12-10T17:00:00.000Z', movedAt: at });
	});
});
