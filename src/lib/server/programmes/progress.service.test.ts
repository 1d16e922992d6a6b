/**
 * A programme's progress on both databases: the weekly snapshots (kept once per ISO week, on demand and by the
 * scheduler's round), and the public progress views (only public programmes, counts without people or hosts,
 * rendered again after a change).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app';
import { testDatabases } from '../db/test-db';
import { ForbiddenError } from '../errors';
import { eventsAfter } from '../events/event.service';
import { setNoticeSettings } from '../notices/notice.service';
import { progressPath } from '../progress/paths';
import {
	ManualClock,
	rejection,
	seedStage,
	seedWave,
	sessionActor,
	testAdmin as admin,
	testInventory,
	testProgramme,
	testSystem,
	testUser
} from '../testing';
import { listSnapshots, takeDueSnapshots, takeSnapshot } from './progress.service';

const DAY = 86_400_000;

describe.each(testDatabases())('programme progress on $kind', (database) => {
	let app: App;

	beforeAll(async () => {
		app = await database.open();
	});
	afterAll(() => database.close());

	/** A programme of three systems (two machines each), one wave that ended yesterday, one system migrated. */
	async function programmeInFlight() {
		const programme = await testProgramme(app);
		await testInventory(app, programme.slug, [
			testSystem('SYS-1', { machines: ['db01.internal.example', 'app01.internal.example'] }),
			testSystem('SYS-2', { environment: 'production' }),
			testSystem('SYS-3')
		]);
		await seedWave(
			app,
			programme,
			{
				slug: `${programme.slug}-w1`,
				name: 'Wave one',
				windowStart: Date.now() - 2 * DAY,
				windowEnd: Date.now() - DAY
			},
			['SYS-1', 'SYS-2']
		);
		await seedStage(app, programme, ['SYS-1'], 'migrated', Date.now() - DAY);
		return programme;
	}

	it("keeps a week's counts once, lists them, and tells the programme's stream", async () => {
		const programme = await programmeInFlight();
		const first = await takeSnapshot(app, admin, programme.slug);
		expect(first.created).toBe(true);
		expect(first.snapshot.week).toMatch(/^\d{4}-W\d{2}$/);
		expect(first.snapshot.counts.total).toEqual({ systems: 3, machines: 6 });
		expect(first.snapshot.counts.done).toEqual({ systems: 1, machines: 2 });
		// Later the same week: the snapshot is kept as it was.
		await seedStage(app, programme, ['SYS-2'], 'migrated', Date.now());
		const again = await takeSnapshot(app, admin, programme.slug);
		expect(again.created).toBe(false);
		expect(again.snapshot).toEqual(first.snapshot);
		expect(await listSnapshots(app, admin, programme.slug)).toEqual([first.snapshot]);
		const taken = (await eventsAfter(app, programme.id, 0)).filter(
			(e) => e.type === 'programme.snapshot_taken'
		);
		expect(taken).toHaveLength(1);
	});

	it('refuses a snapshot to a role that may not run programmes', async () => {
		const programme = await testProgramme(app);
		await testUser(app, 'snapshot-viewer', 'viewer');
		const viewer = await sessionActor(app, 'snapshot-viewer');
		expect(await rejection(takeSnapshot(app, viewer, programme.slug))).toBeInstanceOf(ForbiddenError);
		expect(await listSnapshots(app, viewer, programme.slug)).toEqual([]);
	});

	it("the scheduler's round takes the week's snapshot of every programme without one, and a new week's later", async () => {
		const programme = await programmeInFlight();
		const clock = new ManualClock(Date.now());
		const ctx = { ...app, clock };
		await takeDueSnapshots(ctx);
		expect((await listSnapshots(app, admin, programme.slug)).map((s) => s.counts.done.systems)).toEqual([1]);
		await takeDueSnapshots(ctx);
		expect(await listSnapshots(app, admin, programme.slug)).toHaveLength(1);
		await seedStage(app, programme, ['SYS-2'], 'migrated', Date.now());
		clock.advance(7 * DAY);
		await takeDueSnapshots(ctx);
		const weeks = await listSnapshots(app, admin, programme.slug);
		expect(weeks.map((s) => s.counts.done.systems)).toEqual([2, 1]);
		expect(weeks[0].week > weeks[1].week).toBe(true);
	});

	it('shows a public programme on its progress view, without people or hosts, and renders it again after a change', async () => {
		const programme = await programmeInFlight();
		const page = async (lang: 'fi' | 'sv' | 'en') =>
			(await app.progressViews.site()).get(progressPath(programme.slug, lang))?.body.toString();
		expect(await page('en')).toBeUndefined();
		await setNoticeSettings(app, admin, programme.slug, { publicStatus: true });
		await takeSnapshot(app, admin, programme.slug);
		const en = (await page('en'))!;
		expect(en).toContain('1 of 3 systems, 2 of 6 machines');
		expect(en).toContain('Wave one');
		expect(en).toMatch(/\d{4}-W\d{2}/);
		for (const internal of [
			'Kari Contact',
			'kari@example.org',
			'Tove Tester',
			'tove@example.org',
			'db01.internal'
		])
			expect(en).not.toContain(internal);
		expect(await page('fi')).toContain('1/3 järjestelmää');
		expect(await page('sv')).toContain('1 av 3 system');
		const renders = app.progressViews.renders;
		await testInventory(app, programme.slug, [testSystem('SYS-4', { vmCount: 4 })]);
		expect(await page('en')).toContain('1 of 4 systems, 2 of 10 machines');
		expect(app.progressViews.renders).toBe(renders + 1);
	});
});
