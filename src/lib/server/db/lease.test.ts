import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../app';
import { eventsAfter } from '../events/event.service';
import { eventually, testCutover, testTask } from '../testing';
import { createPostgresDatabase, postgresReachable } from './test-db';

const HOUR = 3_600_000;
const EVERY_MS = 200;

describe.runIf(postgresReachable())('the forecast lease, two instances on one PostgreSQL', () => {
	let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
	const apps: App[] = [];
	beforeAll(async () => {
		database = await createPostgresDatabase();
		for (let i = 0; i < 2; i++)
			apps.push(await createApp({ url: database.url, forecasts: true, leaseEveryMs: EVERY_MS }));
	});
	afterAll(async () => {
		for (const app of apps) await app.close();
		await database?.drop();
	});

	it('lets one instance forecast, once per change', async () => {
		expect(apps.map((a) => a.forecasts !== null).sort()).toEqual([false, true]);
		const { id, slug } = await testCutover(apps[0], { windowStart: Date.now() - HOUR });
		await testTask(apps[1], slug, {
			key: 'T1',
			title: 'One step',
			phase: 'Run',
			owner: 'ops',
			durationMinutes: 30
		});
		const forecasts = async () =>
			(await eventsAfter(apps[0], id, 0)).filter((e) => e.type === 'forecast.computed');
		let found: Awaited<ReturnType<typeof forecasts>> = [];
		await eventually(async () => (found = await forecasts()).length > 0, 10_000, 100);
		expect(found).toHaveLength(1);
		// Both instances heard the change; a second forecast of it would show up within the debounce.
		await new Promise((r) => setTimeout(r, 1_500));
		expect(await forecasts()).toHaveLength(1);
	}, 20_000);

	it('hands the work to the other instance when the holder is gone, which then forecasts the next change', async () => {
		const holder = apps.find((a) => a.forecasts !== null)!;
		const other = apps.find((a) => a !== holder)!;
		await holder.close();
		apps.splice(apps.indexOf(holder), 1);
		expect(await eventually(() => other.forecasts !== null, 10 * EVERY_MS)).toBe(true);

		const { id, slug } = await testCutover(other, { windowStart: Date.now() - HOUR });
		await testTask(other, slug, {
			key: 'T1',
			title: 'One step',
			phase: 'Run',
			owner: 'ops',
			durationMinutes: 30
		});
		const published = await eventually(
			async () => (await eventsAfter(other, id, 0)).some((e) => e.type === 'forecast.computed'),
			10_000,
			100
		);
		expect(published).toBe(true);
	}, 20_000);
});
