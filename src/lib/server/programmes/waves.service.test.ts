import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signoffForInput, signoffInput, signoffLinkInput } from '../../shared/schemas/programmes';
import { taskTransitionInput } from '../../shared/schemas/runbook';
import type { App } from '../app';
import { testDatabases } from '../db/test-db';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { eventsAfter } from '../events/event.service';
import { listTasks, transitionTask } from '../runbook/task.service';
import {
	LIFT_AND_SHIFT,
	ManualClock,
	rejection,
	testAdmin as admin,
	testCutover,
	testInventory,
	testProgramme,
	testSystem,
	testTask,
	testTemplate,
	testWave
} from '../testing';
import { getProgramme } from './programme.service';
import * as hook from './programmes.tx';
import { requestSignoffLink, signOffByLink, signoffForm, signOffFor } from './signoff.service';
import { listTemplates } from './template.service';
import { reapplyTemplates } from './wave.service';

vi.mock('./programmes.tx', async (original) => {
	const real = await original<typeof import('./programmes.tx')>();
	return { ...real, systemTaskMoved: vi.fn(real.systemTaskMoved) };
});

const TESTERS = [
	{ name: 'Tove Tester', email: 'tove@example.org' },
	{ name: 'Ulf Tester', email: 'ulf@example.org' }
];

describe.each(testDatabases())('waves on $kind', (database) => {
	let app: App;
	beforeAll(async () => {
		app = await database.open();
	});
	afterAll(() => database.close());

	/** A programme with a template and systems using it. */
	async function programmeWith(keys: string[], testers = TESTERS.slice(0, 1)) {
		const programme = await testProgramme(app);
		await testTemplate(app, programme.slug, 'vm');
		await testInventory(
			app,
			programme.slug,
			keys.map((k) => testSystem(k, { templateKey: 'vm', testers }))
		);
		return programme;
	}
	const move = (wave: string, key: string, to: 'in_progress' | 'done' | 'not_started' | 'skipped') =>
		transitionTask(app, admin, wave, key, taskTransitionInput.parse({ to }));
	const moveAll = async (wave: string, system: string) => {
		for (const step of ['stop', 'copy', 'start']) {
			await move(wave, `${system}.${step}`, 'in_progress');
			await move(wave, `${system}.${step}`, 'done');
		}
	};
	const systemOf = async (slug: string, key: string) =>
		(await getProgramme(app, admin, slug)).systems.find((s) => s.key === key)!;

	it('saves a template as a new version each time, and refuses a stale editor', async () => {
		const programme = await testProgramme(app);
		const first = await testTemplate(app, programme.slug, 'vm');
		expect(first.version).toBe(1);
		const second = await testTemplate(app, programme.slug, 'vm', { name: 'Renamed', expectedVersion: 1 });
		expect([second.version, second.name]).toEqual([2, 'Renamed']);
		const stale = await rejection(testTemplate(app, programme.slug, 'vm', { expectedVersion: 1 }));
		expect(stale).toBeInstanceOf(ConflictError);
		expect((await listTemplates(app, admin, programme.slug)).map((t) => [t.key, t.version])).toEqual([
			['vm', 2]
		]);
		const saved = (await eventsAfter(app, programme.id, 0)).filter(
			(e) => e.type === 'programme.template_saved'
		);
		expect(saved).toHaveLength(2);
	});

	it('builds a wave in one transaction: tasks per system from its template, owners resolved, systems planned', async () => {
		const programme = await programmeWith(['APP-1', 'APP-2']);
		const built = await testWave(app, programme.slug, ['APP-1', 'APP-2']);
		expect(built.systems.map((s) => [s.key, s.stage, s.wave, s.builtFromVersion])).toEqual([
			['APP-1', 'planned', built.wave.slug, 1],
			['APP-2', 'planned', built.wave.slug, 1]
		]);
		expect(built.wave.timezone).toBe('Europe/Oslo');
		const tasks = await listTasks(app, admin, built.wave.slug);
		expect(tasks.map((t) => t.key)).toEqual([
			'APP-1.stop',
			'APP-1.copy',
			'APP-1.start',
			'APP-1.signoff',
			'APP-2.stop',
			'APP-2.copy',
			'APP-2.start',
			'APP-2.signoff'
		]);
		const stop = tasks[0];
		expect([stop.title, stop.owner, stop.dependsOn, stop.notBefore]).toEqual([
			'Stop: System APP-1',
			'Kari Contact',
			[],
			built.systems[0].windowStart
		]);
		expect([tasks[1].dependsOn, tasks[3].owner]).toEqual([['APP-1.stop'], 'Tove Tester']);
		const waveEvents = await eventsAfter(
			app,
			(await getProgramme(app, admin, programme.slug)).programme.id,
			0
		);
		expect(waveEvents.map((e) => e.type)).toContain('programme.wave_built');
		const read = await getProgramme(app, admin, programme.slug);
		expect(read.waves.map((w) => w.slug)).toEqual([built.wave.slug]);
		expect(read.counts.byStage.planned.systems).toBe(2);
	});

	it('refuses the whole wave for one bad system, writing nothing', async () => {
		const programme = await programmeWith(['OK-1', 'OK-2']);
		await testInventory(app, programme.slug, [
			testSystem('BARE', {}),
			testSystem('ODD', { templateKey: 'nope' })
		]);
		const before = (await eventsAfter(app, programme.id, 0)).length;
		const bare = await rejection(testWave(app, programme.slug, ['OK-1', 'BARE']));
		expect(bare).toBeInstanceOf(ValidationError);
		expect(bare.message).toContain('BARE');
		const odd = await rejection(testWave(app, programme.slug, ['OK-1', 'ODD']));
		expect(odd.message).toContain('ODD');
		const read = await getProgramme(app, admin, programme.slug);
		expect(read.waves).toEqual([]);
		expect(read.systems.every((s) => s.wave === null && s.stage === 'unplanned')).toBe(true);
		expect(await eventsAfter(app, programme.id, 0)).toHaveLength(before);
		// A system in a wave already is refused for another.
		await testWave(app, programme.slug, ['OK-1']);
		expect(await rejection(testWave(app, programme.slug, ['OK-2', 'OK-1']))).toBeInstanceOf(ConflictError);
		expect((await systemOf(programme.slug, 'OK-2')).wave).toBeNull();
	});

	it('keeps a built wave as it was when its template is edited, and rebuilds its tasks not started on re-apply', async () => {
		const programme = await programmeWith(['RE-1']);
		const built = await testWave(app, programme.slug, ['RE-1']);
		await move(built.wave.slug, 'RE-1.stop', 'in_progress');
		const steps = [
			{ ...LIFT_AND_SHIFT[0], title: 'Halt' },
			{ ...LIFT_AND_SHIFT[1], durationMinutes: 45 },
			LIFT_AND_SHIFT[2],
			{
				key: 'smoke',
				title: 'Smoke test',
				phase: 'Check',
				durationMinutes: 15,
				owner: 'ops',
				kind: 'work'
			} as const,
			LIFT_AND_SHIFT[3]
		];
		await testTemplate(app, programme.slug, 'vm', { steps });
		const unchanged = await listTasks(app, admin, built.wave.slug);
		expect(unchanged.map((t) => t.key)).not.toContain('RE-1.smoke');
		const reapplied = await reapplyTemplates(app, admin, programme.slug, built.wave.slug);
		expect(reapplied.systems[0].builtFromVersion).toBe(2);
		const tasks = await listTasks(app, admin, built.wave.slug);
		const byKey = new Map(tasks.map((t) => [t.key, t]));
		// The started task stays as it was; the others follow version 2.
		expect(byKey.get('RE-1.stop')!.title).toBe('Stop: System RE-1');
		expect(byKey.get('RE-1.stop')!.status).toBe('in_progress');
		expect(byKey.get('RE-1.copy')!.durationMinutes).toBe(45);
		expect(byKey.get('RE-1.signoff')!.dependsOn).toEqual(['RE-1.smoke']);
		expect(reapplied.systems[0].stage).toBe('moving');
	});

	it('moves a system with its wave tasks, and an ordinary cutover’s move calls nothing of programmes', async () => {
		const programme = await programmeWith(['MV-1']);
		const built = await testWave(app, programme.slug, ['MV-1']);
		const wave = built.wave.slug;
		const spy = vi.mocked(hook.systemTaskMoved);
		spy.mockClear();
		const cutover = await testCutover(app);
		await testTask(app, cutover.slug, {
			key: 'plain',
			title: 'Plain',
			phase: 'P',
			owner: 'ops',
			durationMinutes: 5
		});
		await move(cutover.slug, 'plain', 'in_progress');
		expect(spy).not.toHaveBeenCalled();

		await move(wave, 'MV-1.stop', 'in_progress');
		expect(spy).toHaveBeenCalledTimes(1);
		let system = await systemOf(programme.slug, 'MV-1');
		expect([system.stage, system.startedAt !== null, system.movedAt]).toEqual(['moving', true, null]);
		await move(wave, 'MV-1.stop', 'done');
		await move(wave, 'MV-1.copy', 'in_progress');
		await move(wave, 'MV-1.copy', 'done');
		await move(wave, 'MV-1.start', 'skipped');
		system = await systemOf(programme.slug, 'MV-1');
		expect([system.stage, system.movedAt !== null]).toEqual(['moved', true]);
		// Reopening a work task takes the move back, until it is finished again.
		await move(wave, 'MV-1.start', 'not_started');
		system = await systemOf(programme.slug, 'MV-1');
		expect([system.stage, system.movedAt]).toEqual(['moving', null]);
		await move(wave, 'MV-1.start', 'in_progress');
		await move(wave, 'MV-1.start', 'done');
		const updates = (await eventsAfter(app, programme.id, 0)).filter(
			(e) => e.type === 'programme.system_updated'
		);
		expect(updates.map((e) => (e.data as { system: { stage: string } }).system.stage)).toEqual([
			'moving',
			'moved',
			'moving',
			'moved'
		]);
		const read = await getProgramme(app, admin, programme.slug);
		expect(read.counts.moved.systems).toBe(1);
	});

	it('signs off through a one-use link: once, never expired, only its tester; all "works" migrates', async () => {
		const programme = await programmeWith(['SO-1'], TESTERS);
		const built = await testWave(app, programme.slug, ['SO-1']);
		const ask = (email: string, expiresInSeconds?: number) =>
			requestSignoffLink(
				app,
				admin,
				programme.slug,
				'SO-1',
				signoffLinkInput.parse({ testerEmail: email, expiresInSeconds })
			);
		expect(await rejection(ask('stranger@example.org'))).toBeInstanceOf(ValidationError);
		const tove = await ask('tove@example.org');
		expect(tove.path).toBe(`/signoff/${tove.token}`);
		const log = await eventsAfter(app, programme.id, 0);
		expect(JSON.stringify(log)).not.toContain(tove.token);
		const form = await signoffForm(app, tove.token);
		expect([form.systemName, form.agency, form.testerName]).toEqual([
			'System SO-1',
			'Agency for tests',
			'Tove Tester'
		]);
		// Not moved yet: refused, and the link stays usable.
		const works = signoffInput.parse({ verdict: 'works' });
		expect(await rejection(signOffByLink(app, tove.token, works))).toBeInstanceOf(ConflictError);
		await moveAll(built.wave.slug, 'SO-1');
		const signed = await signOffByLink(app, tove.token, works);
		expect([signed.via, signed.testerName, signed.verdict]).toEqual(['link', 'Tove Tester', 'works']);
		expect(await rejection(signOffByLink(app, tove.token, works))).toBeInstanceOf(ConflictError);
		expect(await rejection(signoffForm(app, tove.token))).toBeInstanceOf(ConflictError);
		expect(await rejection(signoffForm(app, 'no-such-token'))).toBeInstanceOf(NotFoundError);
		expect((await systemOf(programme.slug, 'SO-1')).stage).toBe('moved');
		// An expired link says so.
		const late = await ask('ulf@example.org', 60);
		const clock = new ManualClock(Date.now() + 120_000);
		const expired = await rejection(signOffByLink({ ...app, clock }, late.token, works));
		expect(expired.reason).toBe('errors.signoffTokenExpired');
		const ulf = await ask('ulf@example.org');
		await signOffByLink(app, ulf.token, works);
		const after = await getProgramme(app, admin, programme.slug);
		const system = after.systems.find((s) => s.key === 'SO-1')!;
		expect([system.stage, system.migratedAt !== null]).toEqual(['migrated', true]);
		expect(after.counts.done.systems).toBe(1);
		const signoffTask = (await listTasks(app, admin, built.wave.slug)).find((t) => t.key === 'SO-1.signoff')!;
		expect(signoffTask.status).toBe('done');
	});

	it('"problems" adds a follow-up task to the wave; a manager may record a word on a tester’s behalf', async () => {
		const programme = await programmeWith(['PR-1']);
		const built = await testWave(app, programme.slug, ['PR-1']);
		await moveAll(built.wave.slug, 'PR-1');
		const say = (verdict: 'works' | 'problems', note = '') =>
			signOffFor(
				app,
				admin,
				programme.slug,
				'PR-1',
				signoffForInput.parse({ testerEmail: 'tove@example.org', verdict, note })
			);
		expect(() => signoffForInput.parse({ testerEmail: 'tove@example.org', verdict: 'problems' })).toThrow();
		const problems = await say('problems', 'Login fails\nafter the move, for everyone');
		expect([problems.followUpTask, problems.via]).toEqual(['PR-1.fix-1', 'test admin']);
		const followUp = (await listTasks(app, admin, built.wave.slug)).find((t) => t.key === 'PR-1.fix-1')!;
		expect([followUp.title, followUp.owner, followUp.dependsOn]).toEqual([
			'Follow up: System PR-1 — Login fails',
			'Kari Contact',
			[]
		]);
		expect((await systemOf(programme.slug, 'PR-1')).stage).toBe('problems');
		expect((await say('problems', 'Still failing')).followUpTask).toBe('PR-1.fix-2');
		await say('works');
		const read = await getProgramme(app, admin, programme.slug);
		expect(read.systems[0].stage).toBe('migrated');
		expect(read.counts.done.systems).toBe(1);
		const signed = (await eventsAfter(app, programme.id, 0)).filter((e) => e.type === 'programme.signed_off');
		expect(signed).toHaveLength(3);
	});
});
