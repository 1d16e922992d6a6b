import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CutoverEvent } from '../../shared/events';
import { MINUTE_MS, minuteOf, rollupMinutes } from '../../shared/metrics/series';
import {
	metricCreateInput,
	metricPatchInput,
	metricSamplesInput,
	type MetricView
} from '../../shared/schemas/metrics';
import type { App } from '../app';
import { boardSnapshot } from '../board/board-snapshot';
import { createService } from '../incidents/catalogue.service';
import { testDatabases } from '../db/test-db';
import { eventsAfter } from '../events/event.service';
import { rejection, testActor, testAdmin as admin, testCutover, withManualMetricFeed } from '../testing';
import * as q from './metric.queries';
import {
	createMetric,
	keepMetricStorage,
	listMetrics,
	metricSeries,
	moveMetric,
	pushSamples,
	removeMetric,
	updateMetric
} from './metric.service';

const S = 1000;
const HOUR = 3_600_000;

type Sent = { metric: string; at: string | number; value: unknown };

describe.each(testDatabases())('metrics on $kind', (database) => {
	let app: App;

	beforeAll(async () => {
		app = await database.open();
	});
	afterAll(() => database.close());

	const define = (slug: string, body: unknown) =>
		createMetric(app, admin, slug, metricCreateInput.parse(body));
	const push = (slug: string, samples: Sent[] | unknown[], actor = admin) =>
		pushSamples(app, actor, slug, metricSamplesInput.parse({ samples }));
	const seqOf = async (id: string) => (await boardSnapshot(app, id)).seq;
	const metricId = async (cutoverId: string, key: string) =>
		(await q.metricByKey(app.db, cutoverId, key))!.id;

	/** A cutover with the sample's typical metrics: p95 response time (warning 800 ms, critical 2 s) and users. */
	async function cutoverWithMetrics() {
		const cutover = await testCutover(app);
		await define(cutover.slug, {
			key: 'p95',
			name: 'p95 response time',
			unit: 'ms',
			kind: 'quantile',
			warning: 800,
			critical: 2000,
			sustainSeconds: 30,
			clearMargin: 100
		});
		await define(cutover.slug, { key: 'users', name: 'Logged-in users', unit: 'users' });
		return cutover;
	}

	it('defines, edits and removes metrics through the write path, each with its event', async () => {
		const cutover = await testCutover(app);
		const before = await seqOf(cutover.id);
		const made = await define(cutover.slug, {
			key: 'errors',
			name: 'Error rate',
			unit: '%',
			warning: 1,
			critical: 5
		});
		expect(made).toMatchObject({ key: 'errors', kind: 'gauge', direction: 'above', sustainSeconds: 60 });
		expect(made).toMatchObject({ level: 'ok', value: null, position: 1, version: 1 });
		const changed = await updateMetric(
			app,
			admin,
			cutover.slug,
			'errors',
			metricPatchInput.parse({ critical: 10, expectedVersion: 1 })
		);
		expect(changed).toMatchObject({ critical: 10, version: 2 });
		const stale = await rejection(
			updateMetric(
				app,
				admin,
				cutover.slug,
				'errors',
				metricPatchInput.parse({ name: 'x', expectedVersion: 1 })
			)
		);
		expect(stale.status).toBe(409);
		const order = await rejection(
			updateMetric(app, admin, cutover.slug, 'errors', metricPatchInput.parse({ critical: 0.5 }))
		);
		expect(order.status).toBe(400);
		expect(order.message).toMatch(/critical: must be above the warning level \(1\)/);
		expect((await rejection(define(cutover.slug, { key: 'errors', name: 'Again' }))).status).toBe(409);
		expect((await rejection(define(cutover.slug, { key: 'samples', name: 'Reserved' }))).status).toBe(400);
		expect(() => metricCreateInput.parse({ key: 'x', name: 'X', warning: 10, critical: 5 })).toThrow(
			/must be above the warning level/
		);
		await define(cutover.slug, { key: 'x', name: 'X' });
		const viewer = await rejection(
			createMetric(app, testActor('viewer'), cutover.slug, metricCreateInput.parse({ key: 'v', name: 'V' }))
		);
		expect(viewer.status).toBe(403);
		await removeMetric(app, admin, cutover.slug, 'errors');
		expect((await rejection(removeMetric(app, admin, cutover.slug, 'errors'))).status).toBe(404);
		const types = (await eventsAfter(app, cutover.id, before)).map((e) => e.type);
		expect(types).toEqual(['metric.created', 'metric.updated', 'metric.created', 'metric.removed']);
		expect((await listMetrics(app, admin, cutover.slug)).map((m) => m.key)).toEqual(['x']);
	});

	it('names only services of the catalogue, refusing an unknown one by its place and changing nothing', async () => {
		const cutover = await testCutover(app);
		await createService(app, admin, cutover.slug, {
			key: 'customer',
			name: 'Customer e-services',
			status: 'operational'
		});
		const before = await seqOf(cutover.id);
		const refused = await rejection(
			define(cutover.slug, { key: 'users', name: 'Users', services: ['customer', 'nope'] })
		);
		expect(refused.status).toBe(400);
		expect(refused.details).toEqual([
			expect.objectContaining({ path: 'services.1', reason: 'fields.serviceUnknown' })
		]);
		expect(await seqOf(cutover.id)).toBe(before);

		const metric = await define(cutover.slug, { key: 'users', name: 'Users', services: ['customer'] });
		expect(metric.services).toEqual(['customer']);
		const cleared = await updateMetric(
			app,
			admin,
			cutover.slug,
			'users',
			metricPatchInput.parse({ services: [] })
		);
		expect(cleared.services).toEqual([]);
		expect((await listMetrics(app, admin, cutover.slug))[0]!.services).toEqual([]);
	});

	it('moves a metric up or down the board in one write, renumbering the board', async () => {
		const cutover = await testCutover(app);
		for (const key of ['a', 'b', 'c'])
			await define(cutover.slug, { key, name: key.toUpperCase(), position: 5 });
		const order = async () => (await listMetrics(app, admin, cutover.slug)).map((m) => [m.key, m.position]);
		// Equal positions read in key order; a move numbers them 1, 2, 3.
		const before = await seqOf(cutover.id);
		await moveMetric(app, admin, cutover.slug, 'c', 'up');
		expect(await order()).toEqual([
			['a', 1],
			['c', 2],
			['b', 3]
		]);
		const changed = (await eventsAfter(app, cutover.id, before)).map((e) =>
			e.type === 'metric.updated' ? [e.data.metric.key, e.data.changed] : e.type
		);
		expect(changed).toEqual([
			['a', ['position']],
			['c', ['position']],
			['b', ['position']]
		]);
		await moveMetric(app, admin, cutover.slug, 'a', 'up');
		await moveMetric(app, admin, cutover.slug, 'a', 'down');
		expect((await order()).map(([key]) => key)).toEqual(['c', 'a', 'b']);
		expect((await rejection(moveMetric(app, admin, cutover.slug, 'zz', 'up'))).status).toBe(404);
		const viewer = await rejection(moveMetric(app, testActor('viewer'), cutover.slug, 'a', 'up'));
		expect(viewer.status).toBe(403);
	});

	it('keeps a good batch in one statement and refuses a bad one whole, naming its first bad sample', async () => {
		const cutover = await cutoverWithMetrics();
		const now = Date.now();
		const good: Sent[] = [
			{ metric: 'users', at: new Date(now - 20 * S).toISOString(), value: 100 },
			{ metric: 'users', at: now - 10 * S, value: 120 },
			{ metric: 'p95', at: now - 10 * S, value: 350.5 }
		];
		expect(await push(cutover.slug, good)).toEqual({ kept: 3 });
		const users = await metricId(cutover.id, 'users');
		expect((await q.rawSamplesOf(app.db, users)).map((s) => s.value)).toEqual([100, 120]);

		const bad: [string, Sent[] | unknown[], RegExp, string][] = [
			[
				'unknown metric',
				[good[0], { metric: 'cpu', at: now, value: 1 }],
				/samples\.1\.metric: no metric "cpu"/,
				'samples.1.metric'
			],
			[
				'not a number',
				[good[0], good[1], { metric: 'users', at: now, value: 'NaN' }],
				/samples\.2\.value: must be a finite number/,
				'samples.2.value'
			],
			[
				'not finite',
				[good[0], { metric: 'users', at: now, value: Infinity }],
				/samples\.1\.value: must be a finite number/,
				'samples.1.value'
			],
			[
				'far ahead',
				[{ metric: 'users', at: now + 10 * 60 * S, value: 1 }],
				/samples\.0\.at: more than 5 minutes ahead/,
				'samples.0.at'
			],
			[
				'bad time',
				[good[0], { metric: 'users', at: 'yesterday', value: 1 }],
				/samples\.1\.at: must be an ISO 8601 time/,
				'samples.1.at'
			],
			['not a sample', [good[0], 42], /samples\.1: /, 'samples.1'],
			['unknown field', [{ ...good[0], labels: {} }], /samples\.0: /, 'samples.0']
		];
		for (const [what, samples, message, path] of bad) {
			const err = await rejection(push(cutover.slug, samples));
			expect(err.status, what).toBe(400);
			expect(err.message, what).toMatch(message);
			expect(err.message, what).toMatch(/nothing of the batch was kept/);
			expect((err.details as { path: string }[])[0].path, what).toBe(path);
		}
		// A batch too large is refused at the schema.
		expect(() =>
			metricSamplesInput.parse({ samples: Array.from({ length: 10_001 }, () => good[0]) })
		).toThrow();
		expect((await q.rawSamplesOf(app.db, users)).map((s) => s.value)).toEqual([100, 120]);
		// Only those who may push samples push them.
		const viewer = await rejection(push(cutover.slug, good, testActor('viewer')));
		expect(viewer.status).toBe(403);
		const feed = testActor('metrics', { kind: 'token' });
		expect(await push(cutover.slug, [good[0]], feed)).toEqual({ kept: 1 });
		const elsewhere = await rejection(push(cutover.slug, good, { ...feed, cutoverId: crypto.randomUUID() }));
		expect(elsewhere.status).toBe(403);
		// It feeds the board without seeing it.
		expect((await rejection(listMetrics(app, feed, cutover.slug))).status).toBe(403);
	});

	it('stores 10,000 samples in one statement', async () => {
		const cutover = await cutoverWithMetrics();
		const now = Date.now();
		const samples = Array.from({ length: 10_000 }, (_, i) => ({
			metric: i % 2 ? 'users' : 'p95',
			at: now - 10_000 * S + i * S,
			value: i / 3
		}));
		const started = performance.now();
		expect(await push(cutover.slug, samples)).toEqual({ kept: 10_000 });
		const ms = performance.now() - started;
		console.info(`[metrics] 10,000 samples pushed on ${database.kind} in ${ms.toFixed(0)} ms`);
		expect((await q.rawSamplesOf(app.db, await metricId(cutover.id, 'users'))).length).toBe(5_000);
		const p95 = await q.rawSamplesOf(app.db, await metricId(cutover.id, 'p95'));
		expect(p95[1].value).toBe(2 / 3);
	});

	it('gives boards one metrics.updated for many pushes within a second, with breaches in the same write', async () => {
		const cutover = await cutoverWithMetrics();
		const published: CutoverEvent[] = [];
		const stop = app.bus.subscribe((id, e) => id === cutover.id && published.push(e));
		await withManualMetricFeed(app, async (feed, clock) => {
			const start = Date.now() - 60 * S;
			// 40 pushes of p95 over the warning line (900 ms) for 39 s, and users as they come.
			for (let i = 0; i < 40; i++)
				await push(cutover.slug, [
					{ metric: 'p95', at: start + i * S, value: 900 },
					{ metric: 'users', at: start + i * S, value: 1000 + i }
				]);
			clock.advance(999);
			await feed.idle();
			expect(published).toEqual([]);
			clock.advance(1);
			await feed.idle();
			expect(published.map((e) => e.type)).toEqual(['metrics.updated', 'metric.breached']);
			const [updated, breached] = published as [
				Extract<CutoverEvent, { type: 'metrics.updated' }>,
				Extract<CutoverEvent, { type: 'metric.breached' }>
			];
			expect(updated.data.metrics.map((m) => [m.key, m.level, m.value]).sort()).toEqual([
				['p95', 'warning', 900],
				['users', 'ok', 1039]
			]);
			expect(breached.data).toMatchObject({
				metric: 'p95',
				level: 'warning',
				from: 'ok',
				to: 'warning',
				value: 900,
				since: new Date(start).toISOString(),
				at: new Date(start + 30 * S).toISOString()
			});
			expect(breached.seq).toBe(updated.seq + 1);

			// Back under the line by the margin for the sustain time: cleared, and kept in the row.
			await push(
				cutover.slug,
				Array.from({ length: 31 }, (_, i) => ({ metric: 'p95', at: start + (40 + i) * S, value: 650 }))
			);
			await feed.flush();
			expect(published.map((e) => e.type).slice(2)).toEqual(['metrics.updated', 'metric.cleared']);
			const [p95] = (await listMetrics(app, admin, cutover.slug)).filter((m) => m.key === 'p95');
			expect(p95).toMatchObject({ level: 'ok', value: 650, raw: 650 });
			// A push of nothing new (older than what was judged) publishes nothing.
			await push(cutover.slug, [{ metric: 'p95', at: start, value: 5000 }]);
			await feed.flush();
			expect(published).toHaveLength(4);
		}).finally(stop);
	});

	it('carries the metrics, their state and recent readings in the board snapshot', async () => {
		const cutover = await cutoverWithMetrics();
		const now = Date.now();
		await push(
			cutover.slug,
			Array.from({ length: 120 }, (_, i) => ({ metric: 'users', at: now - (120 - i) * 5 * S, value: i }))
		);
		await app.metricFeed.flush();
		const snapshot = await boardSnapshot(app, cutover.id);
		const users = snapshot.metrics.find((m) => m.key === 'users') as MetricView;
		expect(users).toMatchObject({ value: 119, lastAt: new Date(now - 5 * S).toISOString() });
		// 10 minutes of samples every 5 s, in 10-second points.
		expect(users.recent.length).toBeGreaterThanOrEqual(59);
		expect(users.recent.length).toBeLessThanOrEqual(61);
		expect(users.recent.at(-1)![3]).toBe(119);
		expect(snapshot.metrics.map((m) => m.key)).toEqual(['p95', 'users']);
	});

	it('rolls samples past the raw age into minutes that agree with the raw data, and reads series across both', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(
					fc.record({
						offset: fc.integer({ min: 0, max: 30 * MINUTE_MS - 1 }),
						value: fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 1000)
					}),
					{ minLength: 1, maxLength: 300 }
				),
				async (rows) => {
					const cutover = await testCutover(app);
					await define(cutover.slug, { key: 'cpu', name: 'CPU', unit: '%' });
					const base = minuteOf(Date.now()) - 3 * HOUR;
					// Distinct times: the last of a minute is then one sample.
					const samples = [...new Map(rows.map((r) => [base + r.offset, r.value])).entries()].map(
						([at, value]) => ({ metric: 'cpu', at, value })
					);
					await push(cutover.slug, samples);
					const id = await metricId(cutover.id, 'cpu');
					// Raw for an hour: everything here (two to three hours old) rolls up.
					await keepMetricStorage(app, Date.now(), { rawHours: 1, retentionDays: 1 });
					expect(await q.rawSamplesOf(app.db, id)).toEqual([]);
					const expected = rollupMinutes(samples);
					const rolled = await q.rollupsOf(app.db, id);
					expect(rolled.map((r) => r.bucket.getTime())).toEqual([...expected.keys()].sort((a, b) => a - b));
					for (const r of rolled) {
						const e = expected.get(r.bucket.getTime())!;
						expect(r.count).toBe(e.count);
						expect(r.min).toBe(e.min);
						expect(r.max).toBe(e.max);
						expect(Math.abs(r.sum / r.count - e.sum / e.count)).toBeLessThanOrEqual(
							1e-9 * Math.abs(e.max - e.min) + 1e-9
						);
						expect(r.last).toBe(e.last);
					}
					// The series over them: one point per minute (the range is shorter than 720 minutes).
					const series = await metricSeries(app, admin, cutover.slug, 'cpu', {
						from: base,
						to: base + 30 * MINUTE_MS
					});
					expect(series.points.map((p) => p[1])).toHaveLength(expected.size);
					expect(Math.max(...series.points.map((p) => p[3]))).toBe(Math.max(...samples.map((s) => s.value)));
				}
			),
			{ numRuns: 8 }
		);
	});

	it('merges late samples into their minute, drops what is past the retention, and reads raw and rollups together', async () => {
		const cutover = await cutoverWithMetrics();
		const id = await metricId(cutover.id, 'users');
		const now = Date.now();
		const minute = minuteOf(now - 2 * HOUR);
		await push(cutover.slug, [
			{ metric: 'users', at: minute + 10 * S, value: 10 },
			{ metric: 'users', at: minute + 20 * S, value: 30 }
		]);
		await keepMetricStorage(app, now, { rawHours: 1, retentionDays: 1 });
		await push(cutover.slug, [
			{ metric: 'users', at: minute + 5 * S, value: 2 },
			{ metric: 'users', at: now - 60 * S, value: 50 }
		]);
		await keepMetricStorage(app, now, { rawHours: 1, retentionDays: 1 });
		const [rolled] = await q.rollupsOf(app.db, id);
		expect(rolled).toMatchObject({ count: 3, sum: 42, min: 2, max: 30, last: 30 });
		// The recent one stays raw; a series over the last three hours reads both.
		expect((await q.rawSamplesOf(app.db, id)).map((s) => s.value)).toEqual([50]);
		const series = await metricSeries(app, admin, cutover.slug, 'users', { from: now - 3 * HOUR, to: now });
		expect(series.points.map((p) => p[1])).toEqual([14, 50]);
		expect(series.stepMs).toBe(15_000);
		// A range that ends before it starts (only `from`, after now) is refused.
		const upside = await rejection(metricSeries(app, admin, cutover.slug, 'users', { from: now + HOUR }));
		expect(upside.message).toBe('to: must be after from');
		// A day later (retention one day): gone.
		await keepMetricStorage(app, now + 25 * HOUR, { rawHours: 1, retentionDays: 1 });
		expect(await q.rollupsOf(app.db, id)).toEqual([]);
		expect(await q.rawSamplesOf(app.db, id)).toEqual([]);
	});
});
