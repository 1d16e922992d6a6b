import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signoffForInput } from '../../shared/schemas/programmes';
import { taskTransitionInput } from '../../shared/schemas/runbook';
import type { App } from '../app';
import { testDatabases } from '../db/test-db';
import { signOffFor } from '../programmes/signoff.service';
import { transitionTask } from '../runbook/task.service';
import {
	testAdmin as admin,
	testCutover,
	testInventory,
	testProgramme,
	testSystem,
	testTemplate,
	testWave
} from '../testing';
import { exportPostEventReport, postEventReport } from './post-event-report';

describe.each(testDatabases())('the post-event report’s sign-offs, on $kind', (database) => {
	let app: App;
	beforeAll(async () => {
		app = await database.open();
	});
	afterAll(() => database.close());

	it('gives a wave’s systems with each tester’s word and those still waiting; a cutover has no such section', async () => {
		const programme = await testProgramme(app);
		await testTemplate(app, programme.slug, 'vm');
		const testers = [
			{ name: 'Tove Tester', email: 'tove@example.org' },
			{ name: 'Ulf Tester', email: 'ulf@example.org' }
		];
		await testInventory(app, programme.slug, [
			testSystem('RP-1', { name: 'Payroll', templateKey: 'vm', testers }),
			testSystem('RP-2', { name: 'Loans', templateKey: 'vm' })
		]);
		const { wave } = await testWave(app, programme.slug, ['RP-1', 'RP-2']);
		for (const step of ['stop', 'copy', 'start'])
			for (const to of ['in_progress', 'done'] as const)
				await transitionTask(app, admin, wave.slug, `RP-1.${step}`, taskTransitionInput.parse({ to }));
		await signOffFor(
			app,
			admin,
			programme.slug,
			'RP-1',
			signoffForInput.parse({ testerEmail: 'tove@example.org', verdict: 'problems', note: 'Login fails' })
		);

		const model = await postEventReport(app, admin, wave.slug, 'en');
		expect(model.signoffs?.map((s) => [s.key, s.stage, s.waitingFor, s.notMoved])).toEqual([
			['RP-1', 'problems', ['Ulf Tester'], false],
			['RP-2', 'planned', [], true]
		]);
		expect(model.signoffs?.[0].signoffs).toMatchObject([
			{ testerName: 'Tove Tester', verdict: 'problems', via: 'test admin', followUpTask: 'RP-1.fix-1' }
		]);
		const { body } = await exportPostEventReport(app, admin, wave.slug, 'fi');
		expect(body).toContain('## Hyväksynnät');
		expect(body).toContain('### Payroll (RP-1): Ongelmia ilmoitettu');
		expect(body).toContain('kirjannut test admin, jatkotehtävä RP-1.fix-1');
		expect(body).toContain('- Odottaa hyväksyntää: Ulf Tester');

		const cutover = await testCutover(app);
		expect((await postEventReport(app, admin, cutover.slug, 'en')).signoffs).toBeNull();
		expect((await exportPostEventReport(app, admin, cutover.slug, 'en')).body).not.toContain('Sign-offs');
	});
});
