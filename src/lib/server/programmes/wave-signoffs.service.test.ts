import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n';
import { timelineEntryText } from '../../shared/incidents/report-doc';
import { incidentOpenInput } from '../../shared/schemas/incidents';
import { signoffForInput } from '../../shared/schemas/programmes';
import { taskTransitionInput } from '../../shared/schemas/runbook';
import type { App } from '../app';
import { testDatabases } from '../db/test-db';
import { ValidationError } from '../errors';
import { getIncident, openIncident } from '../incidents/incident.service';
import { transitionTask } from '../runbook/task.service';
import {
	rejection,
	testAdmin as admin,
	testCutover,
	testInventory,
	testProgramme,
	testSystem,
	testTemplate,
	testWave
} from '../testing';
import { signOffFor } from './signoff.service';
import { problemsSignoff, programmeWave } from './wave-signoffs.service';

describe.each(testDatabases())(
	'a wave’s sign-offs and the incidents opened from them, on $kind',
	(database) => {
		let app: App;
		beforeAll(async () => {
			app = await database.open();
		});
		afterAll(() => database.close());

		it('opens an incident in the wave from a "problems" sign-off, linked both ways, the sign-off unchanged', async () => {
			const programme = await testProgramme(app);
			await testTemplate(app, programme.slug, 'vm');
			await testInventory(app, programme.slug, [
				testSystem('IN-1', { name: 'Payroll', templateKey: 'vm' }),
				testSystem('IN-2', { templateKey: 'vm' })
			]);
			const { wave } = await testWave(app, programme.slug, ['IN-1', 'IN-2']);
			for (const key of ['IN-1', 'IN-2'])
				for (const step of ['stop', 'copy', 'start'])
					for (const to of ['in_progress', 'done'] as const)
						await transitionTask(app, admin, wave.slug, `${key}.${step}`, taskTransitionInput.parse({ to }));
			const say = (key: string, verdict: 'works' | 'problems', note = '') =>
				signOffFor(
					app,
					admin,
					programme.slug,
					key,
					signoffForInput.parse({ testerEmail: 'tove@example.org', verdict, note })
				);
			const problems = await say('IN-1', 'problems', 'Login fails for everyone');
			const works = await say('IN-2', 'works');

			const prefill = await problemsSignoff(app, admin, wave.slug, problems.seq);
			expect(prefill).toMatchObject({
				system: 'IN-1',
				systemName: 'Payroll',
				testerName: 'Tove Tester',
				note: 'Login fails for everyone',
				followUpTask: 'IN-1.fix-1'
			});
			expect(await problemsSignoff(app, admin, wave.slug, works.seq)).toBeNull();

			const open = (signoff: { system: string; seq: number }, slug = wave.slug) =>
				openIncident(
					app,
					admin,
					slug,
					incidentOpenInput.parse({ title: 'Problems after the move: Payroll', severity: 'P3', signoff })
				);
			// Only a "problems" word of that system, in this wave.
			const cutover = await testCutover(app);
			for (const refused of [
				() => open({ system: 'IN-2', seq: works.seq }),
				() => open({ system: 'IN-2', seq: problems.seq }),
				() => open({ system: 'IN-1', seq: problems.seq }, cutover.slug)
			]) {
				const err = await rejection(refused());
				expect([err instanceof ValidationError, err.reason]).toEqual([true, 'errors.incidentSignoffUnknown']);
			}

			const incident = await open({ system: 'IN-1', seq: problems.seq });
			expect(incident.signoff).toEqual({ system: 'IN-1', seq: problems.seq });
			const detail = await getIncident(app, admin, wave.slug, incident.ref);
			const entry = detail.timeline.find((e) => e.detail.kind === 'signoff')!;
			expect(timelineEntryText(translator('en'), entry)).toBe(
				'Opened from the sign-off of IN-1 by Tove Tester: problems (follow-up task IN-1.fix-1)'
			);
			const read = await programmeWave(app, admin, programme.slug, wave.slug);
			expect(read.systems.map((s) => [s.key, s.stage, s.signoffs.length])).toEqual([
				['IN-1', 'problems', 1],
				['IN-2', 'migrated', 1]
			]);
			expect(read.systems[0].signoffs[0]).toEqual(problems);
		});
	}
);
