import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricCreateInput, metricPatchInput, metricSamplesInput } from '../../shared/schemas/metrics';
import { runbookImportInput, type RunbookExport } from '../../shared/schemas/runbook';
import type { App } from '../app';
import { boardSnapshot } from '../board/board-snapshot';
import { testDatabases } from '../db/test-db';
import { eventsAfter } from '../events/event.service';
import {
	createMetric,
	listMetrics,
	metricSeries,
	pushSamples,
	removeMetric,
	updateMetric
} from '../metrics/metric.service';
import { sampleRunbook } from '../sample/sample-runbook';
import { loadSample } from '../sample/sample.service';
import { rejection, testAdmin as admin, testActor, testCutover } from '../testing';
import { createCutover } from './cutover.service';
import { exportRunbook, importRunbook, listTasks } from './task.service';

const TASKS = [
	{ key: 'A', title: 'Freeze', phase: 'Prep', owner: 'dba', durationMinutes: 10 },
	{ key: 'B', title: 'Load', phase: 'Load', owner: 'dba', durationMinutes: 30, dependsOn: ['A'] }
];
const P95 = {
	key: 'p95',
	name: 'Response time (p95)',
	unit: 'ms',
	kind: 'quantile',
	direction: 'above',
	warning: 800,
	critical: 2000,
	sustainSeconds: 120,
	clearMargin: 100
} as const;
const FREE = {
	key: 'free-db',
	name: 'Free database connections',
	unit: 'connections',
	kind: 'gauge',
	direction: 'below',
	warning: 40,
	critical: 10,
	sustainSeconds: 30,
	clearMargin: 5
} as const;

describe.each(testDatabases())('the runbook as a file, with its metrics, on $kind', (database) => {
	let app: App;

	beforeAll(async () => {
		app = await database.open();
	});
	afterAll(() => database.close());

	const load = (slug: string, file: unknown) =>
		importRunbook(app, admin, slug, runbookImportInput.parse(file));
	const definitions = async (slug: string) => (await exportRunbook(app, admin, slug)).metrics;
	const seqOf = async (id: string) => (await boardSnapshot(app, id)).seq;

	/** A cutover with two tasks and two metrics (the second breaching downwards). */
	async function cutoverWithMetrics() {
		const cutover = await testCutover(app);
		await load(cutover.slug, { phases: ['Prep', 'Load'], tasks: TASKS, metrics: [P95, FREE] });
		return cutover;
	}

	it('exports phases, tasks and metric definitions, and an import of the file into another cutover reproduces them', async () => {
		const source = await cutoverWithMetrics();
		const file = await exportRunbook(app, admin, source.slug);
		expect(file.phases).toEqual(['Prep', 'Load']);
		expect(file.tasks.map((t) => t.key)).toEqual(['A', 'B']);
		expect(file.tasks[1]).toMatchObject({ dependsOn: ['A'], notBefore: null, estimate: null });
		expect(file.metrics).toEqual([P95, FREE]);

		// Through JSON, as a file travels.
		const rehearsal = await testCutover(app);
		const before = await seqOf(rehearsal.id);
		const result = await load(rehearsal.slug, JSON.parse(JSON.stringify(file)));
		expect(result).toEqual({ phases: 2, tasks: 2, metrics: 2 });
		expect(await exportRunbook(app, admin, rehearsal.slug)).toEqual(file);
		const metrics = await listMetrics(app, admin, rehearsal.slug);
		expect(metrics.map((m) => [m.key, m.position, m.level])).toEqual([
			['p95', 1, 'ok'],
			['free-db', 2, 'ok']
		]);
		// One write: the runbook and each metric as its own event, so live boards apply them as they do any edit.
		const events = await eventsAfter(app, rehearsal.id, before);
		expect(events.map((e) => e.type)).toEqual(['runbook.imported', 'metric.created', 'metric.created']);
	});

	it('makes the metrics exactly the file: new ones defined, known ones changed and keeping samples, others removed', async () => {
		const cutover = await cutoverWithMetrics();
		await createMetric(app, admin, cutover.slug, metricCreateInput.parse({ key: 'stray', name: 'Stray' }));
		const at = Date.now() - 60_000;
		await pushSamples(
			app,
			admin,
			cutover.slug,
			metricSamplesInput.parse({ samples: [{ metric: 'p95', at, value: 420 }] })
		);
		const before = await seqOf(cutover.id);

		const users = { key: 'users', name: 'Logged-in users', unit: 'users', warning: 40_000, critical: 50_000 };
		await load(cutover.slug, {
			phases: ['Prep', 'Load'],
			tasks: TASKS,
			metrics: [users, { ...P95, critical: 2500 }]
		});
		const metrics = await listMetrics(app, admin, cutover.slug);
		expect(metrics.map((m) => [m.key, m.position, m.critical])).toEqual([
			['users', 1, 50_000],
			['p95', 2, 2500]
		]);
		expect(metrics[0]).toMatchObject({
			kind: 'gauge',
			direction: 'above',
			sustainSeconds: 60,
			clearMargin: 0
		});
		const series = await metricSeries(app, admin, cutover.slug, 'p95', { from: at - 1000, to: at + 1000 });
		expect(series.points.map((p) => p[1])).toEqual([420]);
		const events = await eventsAfter(app, cutover.id, before);
		expect(events.map((e) => e.type)).toEqual([
			'runbook.imported',
			'metric.removed',
			'metric.removed',
			'metric.created',
			'metric.updated'
		]);
		expect(events.slice(1, 3).map((e) => e.data)).toEqual([{ key: 'free-db' }, { key: 'stray' }]);
		expect(events[4].data).toMatchObject({ changed: ['critical', 'position'] });
	});

	it('leaves the metrics as they are when the file carries none (a CSV, an older file)', async () => {
		const cutover = await cutoverWithMetrics();
		const result = await load(cutover.slug, { phases: ['Prep', 'Load'], tasks: TASKS });
		expect(result).toEqual({ phases: 2, tasks: 2 });
		expect(await definitions(cutover.slug)).toEqual([P95, FREE]);
	});

	it('refuses a file with a bad metric whole, naming it, and keeps nothing of it', async () => {
		const cutover = await cutoverWithMetrics();
		const before = await seqOf(cutover.id);
		const tasks = [{ ...TASKS[0], title: 'Changed' }];
		// Past the schema, refused by the metric service's rule, after the tasks were written in the same write.
		const reserved = await rejection(
			load(cutover.slug, { phases: ['Prep'], tasks, metrics: [P95, { key: 'samples', name: 'Reserved' }] })
		);
		expect(reserved.status).toBe(400);
		expect(reserved.message).toMatch(/"samples" is reserved/);
		// A key twice and lines in the wrong order are refused by the schema, naming the field.
		const twice = runbookImportInput.safeParse({ phases: ['Prep'], tasks, metrics: [P95, FREE, P95] });
		expect(twice.error?.issues[0]).toMatchObject({ path: ['metrics', 2, 'key'] });
		const order = runbookImportInput.safeParse({
			phases: ['Prep'],
			tasks,
			metrics: [{ ...FREE, critical: 50 }]
		});
		expect(order.error?.issues[0]).toMatchObject({
			path: ['metrics', 0, 'critical'],
			message: 'must be below the warning level (the metric breaches downwards)'
		});

		expect(await seqOf(cutover.id)).toBe(before);
		expect((await listTasks(app, admin, cutover.slug)).map((t) => [t.key, t.title])).toEqual([
			['A', 'Freeze'],
			['B', 'Load']
		]);
		expect(await definitions(cutover.slug)).toEqual([P95, FREE]);
	});

	it('lets only those who edit the runbook import metrics, and anyone who reads the cutover export them', async () => {
		const cutover = await cutoverWithMetrics();
		const file = await exportRunbook(app, testActor('viewer'), cutover.slug);
		expect(file.metrics).toHaveLength(2);
		const refused = await rejection(
			importRunbook(app, testActor('viewer'), cutover.slug, runbookImportInput.parse(file))
		);
		expect(refused.status).toBe(403);
	});

	it("reproduces the sample's metrics and capacity lines from its exported runbook", async () => {
		const sample = sampleRunbook(Date.now() + 24 * 3_600_000, 'Europe/Helsinki');
		const { slug } = await createCutover(app, admin, { slug: 'sample-copy', ...sample.cutover });
		await loadSample(app, admin, slug, sample);
		const file: RunbookExport = JSON.parse(JSON.stringify(await exportRunbook(app, admin, slug)));
		// A file carries each metric's definition, not its source (a rehearsal's monitoring is not production's).
		const expected = sample.metrics.map(({ source: _s, selector: _q, ...definition }) => definition);
		expect(file.metrics).toHaveLength(8);
		expect(file.metrics).toEqual(expected);
		expect(file.tasks).toHaveLength(sample.runbook.tasks.length);

		// Edited since (a line moved, a metric gone): the file puts them back as they were.
		await updateMetric(app, admin, slug, 'p95', metricPatchInput.parse({ critical: 9000 }));
		await removeMetric(app, admin, slug, 'errors');
		await importRunbook(app, admin, slug, runbookImportInput.parse(file));
		expect((await exportRunbook(app, admin, slug)).metrics).toEqual(expected);
	});
});
