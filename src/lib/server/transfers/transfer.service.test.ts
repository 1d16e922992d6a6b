import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	refusedAtSchema,
	rejection,
	testAdmin as admin,
	testCutover,
	testForecastSettings,
	testRunbook,
	testTask,
	testTransfer
} from '../testing';
import type { CutoverEvent } from '../../shared/events';
import {
	transferCreateInput,
	transferPatchInput,
	transferProgressInput
} from '../../shared/schemas/transfers';
import type { App } from '../app';
import { parse } from '../errors';
import { testDatabases } from '../db/test-db';
import { eventsAfter } from '../events/event.service';
import { publishForecast } from '../forecast/forecast.service';
import { createForecastRunner } from '../forecast/forecast-runner';
import { boardSnapshot } from '../board/board-snapshot';
import { transitionTask } from '../runbook/task.service';
import { createTransfer, getTransfer, reportProgress, updateTransfer } from './transfer.service';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe.each(testDatabases())('transfers and the forecast on $kind', (database) => {
	let app: App;

	beforeAll(async () => {
		app = await database.open();
	});
	afterAll(() => database.close());

	/** A cutover whose window opened an hour ago: export -> customers transfer -> validate. */
	async function cutoverWithTransfer(windowHours = 8) {
		const now = Date.now();
		const cutover = await testCutover(app, {
			windowStart: now - HOUR,
			windowEnd: now - HOUR + windowHours * HOUR
		});
		const { slug } = cutover;
		await testRunbook(app, slug, [
			{ key: 'EXPORT', title: 'Export', phase: 'Migrate', owner: 'dba', durationMinutes: 30 }
		]);
		await testTransfer(app, slug, {
			key: 'customers',
			name: 'Customer records',
			unit: 'records',
			total: 1_000_000,
			plannedMinutes: 120,
			dependsOn: ['EXPORT']
		});
		await testTask(app, slug, {
			key: 'VALIDATE',
			title: 'Validate customer data',
			phase: 'Migrate',
			owner: 'dba',
			durationMinutes: 60,
			dependsOnTransfers: ['customers']
		});
		return { slug, cutover, now };
	}

	const report = (slug: string, body: unknown) =>
		reportProgress(app, admin, slug, 'customers', transferProgressInput.parse(body));

	it('estimates the rate and ETA from progress and coalesces the reports into one event', async () => {
		const { slug, cutover, now } = await cutoverWithTransfer();
		const seqBefore = (await boardSnapshot(app, cutover.id)).seq;
		// 100,000 records every 10 minutes, for 40 minutes: 600,000 per hour.
		for (let i = 0; i <= 4; i++)
			await report(slug, {
				done: i * 100_000,
				at: new Date(now - 40 * MINUTE + i * 10 * MINUTE).toISOString()
			});
		const view = await getTransfer(app, admin, slug, 'customers');
		expect(view.done).toBe(400_000);
		expect(view.ratePerHour).toBeCloseTo(600_000, 0);
		// 600,000 left at 600,000 an hour: an hour after the last report.
		expect(Date.parse(view.eta!)).toBeCloseTo(now + HOUR, -3);
		expect(view.startedAt).not.toBeNull();
		expect(view.history.length).toBeGreaterThanOrEqual(5);

		await app.progress.flush();
		const events = await eventsAfter(app, cutover.id, seqBefore);
		const progressed = events.filter((e) => e.type === 'transfer.progressed');
		expect(progressed).toHaveLength(1);
		const [event] = progressed as Extract<CutoverEvent, { type: 'transfer.progressed' }>[];
		expect(event.data.transfers[0]).toMatchObject({ key: 'customers', done: 400_000 });
	});

	it('refuses bad progress with a clear error and changes nothing', async () => {
		const { slug, now } = await cutoverWithTransfer();
		await report(slug, { done: 500, at: new Date(now - MINUTE).toISOString() });
		const before = await getTransfer(app, admin, slug, 'customers');

		const backwards = await rejection(report(slug, { done: 100 }));
		expect(backwards.status).toBe(409);
		expect(backwards.message).toMatch(/backwards.*reset: true/);
		const older = await rejection(report(slug, { done: 600, at: new Date(now - HOUR).toISOString() }));
		expect(older.status).toBe(409);
		const above = await rejection(report(slug, { done: 2_000_000 }));
		expect(above.status).toBe(400);
		expect(above.message).toMatch(/more than the total/);
		const future = await rejection(report(slug, { done: 700, at: new Date(now + 3 * HOUR).toISOString() }));
		expect(future.status).toBe(400);
		const unknown = await rejection(
			reportProgress(app, admin, slug, 'nope', transferProgressInput.parse({ done: 1 }))
		);
		expect(unknown.status).toBe(404);
		expect(() => transferProgressInput.parse({ done: -1 })).toThrow();

		expect(await getTransfer(app, admin, slug, 'customers')).toEqual(before);
	});

	it("answers reports that arrive together each on its own, and a stream's in the order sent", async () => {
		const { slug, now } = await cutoverWithTransfer();
		await testTransfer(app, slug, { key: 'orders', name: 'Orders', unit: 'rows', total: 1000 });
		const at = (ms: number) => new Date(now - MINUTE + ms).toISOString();
		const orders = (body: unknown) =>
			reportProgress(app, admin, slug, 'orders', transferProgressInput.parse(body));
		// Sent in one tick: they share statements, yet each gets its own answer.
		const answers = await Promise.allSettled([
			report(slug, { done: 100, at: at(0) }),
			orders({ done: 50, at: at(0) }),
			report(slug, { done: 200, at: at(1000) }),
			orders({ done: 5000, at: at(1000) }),
			report(slug, { done: 150, at: at(2000) })
		]);
		expect(answers.map((a) => a.status)).toEqual([
			'fulfilled',
			'fulfilled',
			'fulfilled',
			'rejected',
			'rejected'
		]);
		expect((answers[3] as PromiseRejectedResult).reason.status).toBe(400);
		expect((answers[4] as PromiseRejectedResult).reason.status).toBe(409);
		expect((await getTransfer(app, admin, slug, 'customers')).done).toBe(200);
		expect((await getTransfer(app, admin, slug, 'orders')).done).toBe(50);
	});

	it('starts a new series on an explicit reset, and takes a changed total', async () => {
		const { slug } = await cutoverWithTransfer();
		await report(slug, { done: 900 });
		const reset = await report(slug, { done: 10, reset: true, total: 2_000 });
		expect(reset).toMatchObject({ done: 10, total: 2_000, series: 2 });
		const finished = await report(slug, { done: 2_000 });
		expect(finished.finishedAt).not.toBeNull();
	});

	it('refuses dependencies on missing tasks or transfers and cycles through a transfer', async () => {
		const { slug } = await cutoverWithTransfer();
		const missingTask = await rejection(
			testTransfer(app, slug, { key: 'orders', name: 'Orders', unit: 'rows', total: 10, dependsOn: ['NOPE'] })
		);
		expect(missingTask.status).toBe(400);
		const missingTransfer = await rejection(
			testTask(app, slug, {
				key: 'CHECK',
				title: 'Check',
				phase: 'Migrate',
				owner: 'dba',
				durationMinutes: 5,
				dependsOnTransfers: ['nope']
			})
		);
		expect(missingTransfer.status).toBe(400);
		expect(missingTransfer.message).toMatch(/transfer:nope/);
		// customers waits for EXPORT; VALIDATE waits for customers: customers may not wait for VALIDATE.
		const cycle = await rejection(
			updateTransfer(app, admin, slug, 'customers', transferPatchInput.parse({ dependsOn: ['VALIDATE'] }))
		);
		expect(cycle.status).toBe(400);
		expect(cycle.message).toMatch(/cycle/);
	});

	it('plans a stream by rate or by minutes, never both, and switches plans only when told', async () => {
		const { slug } = await cutoverWithTransfer();
		const both = transferCreateInput.safeParse({
			key: 'orders',
			name: 'Orders',
			unit: 'rows',
			total: 10,
			plannedRatePerHour: 5,
			plannedMinutes: 60
		});
		expect(both.success).toBe(false);
		// customers is planned at 120 minutes: a rate alone would leave two plans that may disagree.
		const before = await getTransfer(app, admin, slug, 'customers');
		const twoPlans = await rejection(
			updateTransfer(app, admin, slug, 'customers', transferPatchInput.parse({ plannedRatePerHour: 400_000 }))
		);
		expect(twoPlans.status).toBe(400);
		expect(twoPlans.message).toMatch(/not both/);
		expect(await getTransfer(app, admin, slug, 'customers')).toEqual(before);
		const switched = await updateTransfer(
			app,
			admin,
			slug,
			'customers',
			transferPatchInput.parse({ plannedRatePerHour: 400_000, plannedMinutes: null })
		);
		expect(switched).toMatchObject({ plannedRatePerHour: 400_000, plannedMinutes: null, version: 2 });
	});

	it('refuses a planned rate too slow to move the total within the longest plan, on create and on edit', async () => {
		const { slug, cutover } = await cutoverWithTransfer();
		const stream = { key: 'orders', name: 'Orders', unit: 'rows', total: 1e15, plannedRatePerHour: 1e-6 };
		const slow = transferCreateInput.safeParse(stream);
		expect(slow.success).toBe(false);
		expect(slow.error?.issues[0]).toMatchObject({ path: ['plannedRatePerHour'] });
		expect(slow.error?.issues[0].message).toMatch(/too slow for the total/);
		// 1,000 rows at 1 an hour is 60,000 minutes: within the plan.
		await testTransfer(app, slug, { ...stream, total: 1000, plannedRatePerHour: 1 });
		const before = await boardSnapshot(app, cutover.id);
		for (const patch of [{ total: 1e9 }, { plannedRatePerHour: 0.001 }]) {
			const refused = await rejection(
				updateTransfer(app, admin, slug, 'orders', transferPatchInput.parse(patch))
			);
			expect(refused.status, JSON.stringify(patch)).toBe(400);
			expect(refused.reason).toBe('errors.planTooSlow');
		}
		expect(await boardSnapshot(app, cutover.id)).toEqual(before);
	});

	it('answers a slow stream with much left, and forecasts around it, however far away its end is', async () => {
		// A report may raise the total far past what the planned rate moves, and a stream may crawl: its ETA and the
		// forecast lay past the year 275760, where a date is no date, and every answer about the stream failed (a
		// 500 for the report that was applied, for its list and the board's snapshot; the forecast on every run).
		const { slug, cutover, now } = await cutoverWithTransfer();
		await testTransfer(app, slug, {
			key: 'archive',
			name: 'Archive',
			unit: 'rows',
			total: 1000,
			plannedRatePerHour: 1
		});
		await reportProgress(app, admin, slug, 'archive', transferProgressInput.parse({ done: 0, total: 1e15 }));
		await report(slug, { done: 1, total: 1e15, at: new Date(now - 10 * MINUTE).toISOString() });
		const view = await report(slug, { done: 2, at: new Date(now - 5 * MINUTE).toISOString() });
		expect(Date.parse(view.eta!)).toBe(Date.UTC(9999, 11, 31, 23, 59, 59, 999));
		expect(await getTransfer(app, admin, slug, 'archive')).toMatchObject({ total: 1e15 });
		await boardSnapshot(app, cutover.id);
		const runner = createForecastRunner();
		try {
			const forecast = await publishForecast(app, runner, cutover.id, testForecastSettings({ samples: 100 }));
			expect(forecast.atRisk).toBe(true);
			expect(Date.parse(forecast.p90)).toBeLessThanOrEqual(Date.UTC(9999, 11, 31, 23, 59, 59, 999));
		} finally {
			await runner.close();
		}
	});

	it('refuses a NUL in a stream’s name or unit at the schema, and changes nothing', async () => {
		const { slug, cutover } = await cutoverWithTransfer();
		const before = await boardSnapshot(app, cutover.id);
		const stream = { key: 'orders', name: 'Orders', unit: 'rows', total: 1000, plannedMinutes: 60 };
		for (const field of ['name', 'unit'])
			await refusedAtSchema(field, () =>
				createTransfer(app, admin, slug, parse(transferCreateInput, { ...stream, [field]: 'x\u0000y' }))
			);
		await refusedAtSchema('name', () =>
			updateTransfer(app, admin, slug, 'customers', parse(transferPatchInput, { name: 'Customer\u0000' }))
		);
		await refusedAtSchema('unit', () =>
			updateTransfer(app, admin, slug, 'customers', parse(transferPatchInput, { unit: 'rec\nords' }))
		);
		expect(await boardSnapshot(app, cutover.id)).toEqual(before);
	});

	it('forecasts the window from tasks and transfer ETAs, and publishes it with its seq', async () => {
		const runner = createForecastRunner();
		try {
			const settings = testForecastSettings({ samples: 500 });
			// A 4-hour window opened an hour ago; the transfer moves at 100,000 records an hour: 10 hours.
			const { slug, cutover, now } = await cutoverWithTransfer(4);
			await transitionTask(app, admin, slug, 'EXPORT', { to: 'in_progress', force: true });
			await transitionTask(app, admin, slug, 'EXPORT', { to: 'done' });
			for (let i = 0; i <= 3; i++)
				await report(slug, {
					done: i * 25_000,
					at: new Date(now - 45 * MINUTE + i * 15 * MINUTE).toISOString()
				});
			const forecast = await publishForecast(app, runner, cutover.id, settings, now);
			expect(forecast.atRisk).toBe(true);
			expect(forecast.probability).toBe(0);
			expect(Date.parse(forecast.p50)).toBeGreaterThan(Date.parse(cutover.windowEnd));
			expect(Date.parse(forecast.p90)).toBeGreaterThanOrEqual(Date.parse(forecast.p50));
			expect(forecast.drivers.map((d) => d.key)).toContain('customers');

			const snapshot = await boardSnapshot(app, cutover.id);
			expect(snapshot.forecast).toEqual(forecast);
			expect(snapshot.forecastHistory).toHaveLength(1);
			const events = await eventsAfter(app, cutover.id, forecast.basedOnSeq);
			expect(events.map((e) => e.type)).toContain('forecast.computed');

			// Nothing new: the same forecast is not published twice.
			await publishForecast(app, runner, cutover.id, settings, now);
			expect((await boardSnapshot(app, cutover.id)).forecastHistory).toHaveLength(1);
			expect(runner.kind).toBe('worker');
		} finally {
			await runner.close();
		}
	});
});
