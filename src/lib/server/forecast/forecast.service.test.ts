import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CutoverEvent } from '../../shared/events';
import type { App } from '../app';
import { testDatabases } from '../db/test-db';
import { transitionTask } from '../runbook/task.service';
import { ManualClock, testAdmin, testCutover, testForecastSettings, testRunbook } from '../testing';
import { createForecastRunner } from './forecast-runner';
import { getCutover } from '../runbook/cutover-lookup';
import { latestForecast } from './forecast.queries';
import { ForecastScheduler, publishForecast } from './forecast.service';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const SETTINGS = testForecastSettings({ refreshMs: 50 });

describe.each(testDatabases())('the forecast scheduler on $kind', (database) => {
	let app: App;

	beforeAll(async () => {
		app = await database.open();
	});
	afterAll(() => database.close());

	/** A cutover with a window from `start` to `end` and two tasks nobody has started. */
	async function cutover(slug: string, start: number, end: number) {
		const view = await testCutover(app, { slug, windowStart: start, windowEnd: end });
		await testRunbook(app, slug, [
			{ key: 'A', title: 'Export', phase: 'Move', owner: 'dba', durationMinutes: 60 },
			{ key: 'B', title: 'Import', phase: 'Move', owner: 'dba', durationMinutes: 90, dependsOn: ['A'] }
		]);
		return view;
	}

	it('re-forecasts open windows as its clock moves, with no change made, and leaves closed ones alone', async () => {
		const start = Date.now();
		const open = await cutover('open-window', start - HOUR, start + 8 * HOUR);
		// Ended nine hours before the moved clock below: still refreshed (a window is followed for a day after).
		const lately = await cutover('lately-ended', start - 8 * HOUR, start - 6 * HOUR);
		const closed = await cutover('long-closed', start - 3 * DAY, start - 2 * DAY);
		const ids = [open.id, lately.id, closed.id];

		// Each has a forecast made at `start`; then the clock moves on three hours and nothing else happens.
		const runner = createForecastRunner();
		for (const id of ids) await publishForecast(app, runner, id, SETTINGS, start);
		await runner.close();
		const before = new Map(
			await Promise.all(ids.map(async (id) => [id, (await latestForecast(app.db, id))!.view] as const))
		);

		const now = start + 3 * HOUR;
		const clock = new ManualClock(now);
		const failures: unknown[] = [];
		const computed: { cutoverId: string; event: CutoverEvent }[] = [];
		const unsubscribe = app.bus.subscribe((cutoverId, event) => {
			if (event.type === 'forecast.computed') computed.push({ cutoverId, event });
		});
		// A refresh an hour apart, so each one's forecast is an hour later than the last.
		const hourly = { ...SETTINGS, refreshMs: HOUR };
		const scheduler = new ForecastScheduler(app, createForecastRunner(), hourly, {
			clock,
			onError: (_what, err) => failures.push(err)
		});
		try {
			// The windows the refresh takes: open now, or ended less than a day ago.
			expect((await scheduler.refreshOpen()).sort()).toEqual([open.id, lately.id].sort());
			clock.advance(0); // the requests it made fall due
			await scheduler.idle();
			computed.length = 0;

			// Five rounds of the periodic refresh on the scheduler's own clock: each asks the database which windows
			// are open, requests their forecasts (debounce timers on the clock), and those run when they fall due.
			scheduler.start();
			for (let round = 0; round < 5; round++) {
				const waiting = clock.pending; // the refresh interval
				clock.advance(hourly.refreshMs);
				for (let i = 0; i < 2000 && clock.pending < waiting + 2; i++) {
					if (failures.length) throw failures[0];
					await new Promise((r) => setTimeout(r, 5)); // the refresh's query, on the real database
				}
				expect(clock.pending, `round ${round}: the two open windows were requested`).toBe(waiting + 2);
				clock.advance(SETTINGS.debounceMs);
				await scheduler.idle();
			}
			expect(failures).toEqual([]);
			// The clock moved, so each round forecast the open windows anew; the closed one got nothing.
			expect(computed.filter((c) => c.cutoverId === open.id).length).toBeGreaterThanOrEqual(5);
			expect(computed.filter((c) => c.cutoverId === lately.id).length).toBeGreaterThanOrEqual(5);
			expect(computed.filter((c) => c.cutoverId === closed.id)).toEqual([]);

			const refreshed = computed.find((c) => c.cutoverId === open.id)!.event;
			if (refreshed.type !== 'forecast.computed') throw new Error('not a forecast');
			expect(refreshed.data.forecast.computedAt).toBe(new Date(now + HOUR).toISOString());
			// Nothing has started, so the projected end moved with the clock.
			expect(Date.parse(refreshed.data.forecast.projectedEnd)).toBe(
				Date.parse(before.get(open.id)!.projectedEnd) + 4 * HOUR
			);
			expect((await latestForecast(app.db, closed.id))!.view).toEqual(before.get(closed.id));
		} finally {
			unsubscribe();
			await scheduler.close();
		}
	});

	it("holds a cutover's forecasts until released, then forecasts at once what happened meanwhile", async () => {
		const start = Date.now();
		const held = await cutover('held-window', start - HOUR, start + 8 * HOUR);
		const other = await cutover('unheld-window', start - HOUR, start + 8 * HOUR);
		const clock = new ManualClock(start);
		const failures: unknown[] = [];
		const computed: { cutoverId: string; basedOnSeq: number }[] = [];
		const unsubscribe = app.bus.subscribe((cutoverId, event) => {
			// The first test's windows are open too: only these two are watched.
			if (event.type === 'forecast.computed' && [held.id, other.id].includes(cutoverId))
				computed.push({ cutoverId, basedOnSeq: event.data.forecast.basedOnSeq });
		});
		const scheduler = new ForecastScheduler(
			app,
			createForecastRunner(),
			{ ...SETTINGS, refreshMs: DAY },
			{
				clock,
				onError: (_what, err) => failures.push(err)
			}
		).start();
		try {
			scheduler.request(held.id); // asked for before the hold: the hold drops the waiting request too
			const release = scheduler.hold(held.id);
			const again = scheduler.hold(held.id);
			for (const slug of ['held-window', 'unheld-window'])
				await transitionTask(app, testAdmin, slug, 'A', { to: 'in_progress' });
			const { lastSeq } = await getCutover(app, testAdmin, 'held-window');
			// Changes, a refresh and the longest wait go by: only the cutover not held is forecast.
			await scheduler.refreshOpen();
			clock.advance(SETTINGS.maxWaitMs);
			await scheduler.idle();
			expect(computed.map((c) => c.cutoverId)).toEqual([other.id]);

			release();
			clock.advance(SETTINGS.maxWaitMs);
			await scheduler.idle();
			expect(computed.map((c) => c.cutoverId)).toEqual([other.id]); // still held by the second hold
			again();
			again(); // a release counts once
			expect(clock.pending).toBe(2); // the refresh interval, and the forecast asked for at the release
			clock.advance(SETTINGS.debounceMs);
			await scheduler.idle();
			expect(failures).toEqual([]);
			// The first forecast after the hold sees everything that happened while it was held.
			expect(computed.filter((c) => c.cutoverId === held.id)).toEqual([
				{ cutoverId: held.id, basedOnSeq: lastSeq }
			]);
		} finally {
			unsubscribe();
			await scheduler.close();
		}
	});
});
