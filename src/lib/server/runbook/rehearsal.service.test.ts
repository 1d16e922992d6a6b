import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rehearsalCreateInput } from '../../shared/schemas/rehearsals';
import { taskTransitionInput } from '../../shared/schemas/runbook';
import type { App } from '../app';
import { testDatabases } from '../db/test-db';
import { ConflictError, ForbiddenError } from '../errors';
import { eventsAfter } from '../events/event.service';
import {
	ManualClock,
	rejection,
	testActor,
	testAdmin as admin,
	testCutover,
	testProgramme,
	testRunbook,
	testTransfer
} from '../testing';
import { setNoticeSettings } from '../notices/notice.service';
import { publicCutovers } from '../notices/public.service';
import { listTransfers } from '../transfers/transfer.service';
import { getCutover } from './cutover-lookup';
import { createRehearsal, recordRehearsalFigures, rehearsalFigures } from './rehearsal.service';
import { listTasks, transitionTask } from './task.service';

const MINUTE = 60_000;
const DAY = 86_400_000;
let rehearsals = 0;

describe.each(testDatabases())('rehearsals on $kind', (database) => {
	let app: App;
	let clock: ManualClock;
	let ctx: App;

	beforeAll(async () => {
		app = await database.open();
		clock = new ManualClock(Date.now());
		ctx = { ...app, clock };
	});
	afterAll(() => database.close());

	async function cutoverWithRunbook() {
		const cutover = await testCutover(app);
		await testRunbook(app, cutover.slug, [
			{ key: 'A', title: 'Stop the old system', phase: 'Prepare', owner: 'ops', durationMinutes: 30 },
			{
				key: 'B',
				title: 'Load the data',
				phase: 'Move',
				owner: 'dba',
				durationMinutes: 90,
				dependsOn: ['A'],
				notBefore: new Date(Date.parse(cutover.windowStart) + 60 * MINUTE).toISOString()
			},
			{ key: 'C', title: 'Smoke test', phase: 'Move', owner: 'qa', durationMinutes: 20, dependsOn: ['B'] }
		]);
		await testTransfer(app, cutover.slug, { key: 'T1', name: 'Customer records', unit: 'rows', total: 1000 });
		return cutover;
	}

	const rehearse = (slug: string, start: number) =>
		createRehearsal(
			ctx,
			admin,
			slug,
			rehearsalCreateInput.parse({
				slug: `rehearsal-${++rehearsals}`,
				name: `Dress rehearsal ${rehearsals}`,
				windowStart: new Date(start).toISOString(),
				windowEnd: new Date(start + 8 * 3_600_000).toISOString()
			})
		);

	const move = (slug: string, key: string, to: 'in_progress' | 'done') =>
		transitionTask(ctx, admin, slug, key, taskTransitionInput.parse({ to, force: true }));

	it('copies the runbook into a rehearsal marked as such, its times moved into its own window', async () => {
		const cutover = await cutoverWithRunbook();
		const start = Date.parse(cutover.windowStart) - 7 * DAY;
		const rehearsal = await rehearse(cutover.slug, start);
		expect(rehearsal.rehearsalOfId).toBe(cutover.id);
		expect((await getCutover(app, admin, rehearsal.slug)).lastSeq).toBe(rehearsal.lastSeq);
		const tasks = await listTasks(app, admin, rehearsal.slug);
		expect(tasks.map((t) => [t.key, t.phase, t.status, t.dependsOn])).toEqual([
			['A', 'Prepare', 'not_started', []],
			['B', 'Move', 'not_started', ['A']],
			['C', 'Move', 'not_started', ['B']]
		]);
		expect(tasks[1].notBefore).toBe(new Date(start + 60 * MINUTE).toISOString());
		expect((await listTransfers(app, admin, rehearsal.slug)).map((t) => t.key)).toEqual(['T1']);
		expect(await rejection(rehearse(rehearsal.slug, start))).toBeInstanceOf(ConflictError);
	});

	it('keeps a rehearsal off the public status page, even when its settings would show it', async () => {
		const cutover = await cutoverWithRunbook();
		const rehearsal = await rehearse(cutover.slug, Date.now());
		for (const slug of [cutover.slug, rehearsal.slug])
			await setNoticeSettings(app, admin, slug, { publicStatus: true });
		const programme = await testProgramme(app);
		await setNoticeSettings(app, admin, programme.slug, { publicStatus: true });
		const shown = (await publicCutovers(app.db)).map((c) => c.slug);
		expect(shown).toContain(cutover.slug);
		expect(shown).not.toContain(rehearsal.slug);
		// Nor a programme: its waves have the services; its progress has a page of its own.
		expect(shown).not.toContain(programme.slug);
	});

	it("records the rehearsal's durations as the cutover's figures once, from the tasks it finished", async () => {
		const cutover = await cutoverWithRunbook();
		const rehearsal = await rehearse(cutover.slug, Date.now() - DAY);
		await move(rehearsal.slug, 'A', 'in_progress');
		clock.advance(25 * MINUTE);
		await move(rehearsal.slug, 'A', 'done');
		await move(rehearsal.slug, 'B', 'in_progress');
		clock.advance(110 * MINUTE);
		await move(rehearsal.slug, 'B', 'done');
		const preview = await rehearsalFigures(app, admin, rehearsal.slug);
		expect(preview.figures.map((f) => [f.key, f.minutes])).toEqual([
			['A', 25],
			['B', 110]
		]);
		expect(preview.skipped).toEqual(['C']);
		expect(preview.recordedAt).toBeNull();
		const operatorOnly = recordRehearsalFigures(ctx, testActor('viewer'), rehearsal.slug);
		expect(await rejection(operatorOnly)).toBeInstanceOf(ForbiddenError);
		const recorded = await recordRehearsalFigures(ctx, admin, rehearsal.slug);
		expect(recorded.recordedAt).not.toBeNull();
		const tasks = await listTasks(app, admin, cutover.slug);
		expect(tasks.map((t) => [t.key, t.rehearsalMinutes])).toEqual([
			['A', [25]],
			['B', [110]],
			['C', []]
		]);
		const last = (await eventsAfter(app, cutover.id, 0)).at(-1)!;
		expect(last.type).toBe('runbook.rehearsal_recorded');
		expect(await rejection(recordRehearsalFigures(ctx, admin, rehearsal.slug))).toBeInstanceOf(ConflictError);
		expect((await rehearsalFigures(app, admin, rehearsal.slug)).recordedAt).toBe(recorded.recordedAt);
		// The cutover itself is no rehearsal.
		expect(await rejection(rehearsalFigures(app, admin, cutover.slug))).toBeInstanceOf(ConflictError);
	});
});
