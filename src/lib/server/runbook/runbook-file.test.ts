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
import { sourceCreateInput } from '../../shared/schemas/metric-sources';
import { createSource, listSources } from '../metrics/source.service';
import { advanceOpening, getOpening } from '../opening/opening.service';

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
	clearMargin: 100,
	services: [] as string[],
	source: null,
	selector: null
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
	clearMargin: 5,
	services: [] as string[],
	source: null,
	selector: null
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
		expect(result).toEqual({ phases: 2, tasks: 2, sources: 0, metrics: 2 });
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
		const expected = sample.metrics;
		expect(file.metrics).toHaveLength(8);
		expect(file.metrics).toEqual(expected);
		expect(file.tasks).toHaveLength(sample.runbook.tasks.length);

		// Edited since (a line moved, a metric gone): the file puts them back as they were.
		await updateMetric(app, admin, slug, 'p95', metricPatchInput.parse({ critical: 9000 }));
		await removeMetric(app, admin, slug, 'errors');
		await importRunbook(app, admin, slug, runbookImportInput.parse(file));
		expect((await exportRunbook(app, admin, slug)).metrics).toEqual(expected);
		expect(file.opening?.stages.map((s) => s.key)).toEqual(sample.opening.stages.map((s) => s.key));
	});

	const PROM = {
		key: 'prom',
		kind: 'promql',
		url: 'http://127.0.0.1:9/',
		intervalSeconds: 15,
		timeoutMs: 5000
	} as const;
	const ERRORS = {
		...P95,
		key: 'errors',
		name: 'Error rate',
		unit: '%',
		kind: 'gauge',
		warning: 1,
		critical: 5,
		source: 'prom',
		selector: 'sum(rate(http_requests_total{code=~"5.."}[1m]))'
	} as const;
	const PLAN = {
		stages: [
			{
				key: 'internal',
				name: 'Internal users',
				audience: 'staff',
				share: 0,
				notBefore: '2026-12-05T04:30:00.000Z',
				conditions: []
			},
			{
				key: 'ten',
				name: '10 % of the public',
				audience: '',
				share: 10,
				notBefore: null,
				conditions: [
					{ metric: 'p95', stat: 'max', windowMinutes: 10, op: '<', threshold: 800, of: null },
					{ metric: 'errors', stat: 'avg', windowMinutes: 5, op: '<', threshold: 80, of: 'warning' }
				]
			}
		],
		parts: [{ key: 'market', name: 'Expert marketplace' }]
	} as const;

	/** A cutover whose file carries a PromQL source, a metric read from it, a pushed one and an opening plan. */
	async function cutoverWithOpening() {
		const cutover = await testCutover(app);
		await load(cutover.slug, {
			phases: ['Prep', 'Load'],
			tasks: TASKS,
			sources: [PROM],
			metrics: [P95, ERRORS],
			opening: PLAN
		});
		return cutover;
	}

	it('carries the metric sources, what each metric reads and the opening plan, and an import reproduces them in one write', async () => {
		const origin = await cutoverWithOpening();
		const file = await exportRunbook(app, admin, origin.slug);
		expect(file.sources).toEqual([PROM]);
		expect(file.metrics).toEqual([P95, ERRORS]);
		expect(file.opening).toEqual(PLAN);
		expect((await listSources(app, admin, origin.slug))[0]).toMatchObject({ key: 'prom', state: 'unknown' });

		const rehearsal = await testCutover(app);
		const before = await seqOf(rehearsal.id);
		const result = await load(rehearsal.slug, JSON.parse(JSON.stringify(file)));
		expect(result).toEqual({ phases: 2, tasks: 2, sources: 1, metrics: 2, stages: 2 });
		expect(await exportRunbook(app, admin, rehearsal.slug)).toEqual(file);
		const events = await eventsAfter(app, rehearsal.id, before);
		expect(events.map((e) => e.type)).toEqual([
			'runbook.imported',
			'metric_source.created',
			'metric.created',
			'metric.created',
			'opening.planned'
		]);
		expect(new Set(events.map((e) => e.seq)).size).toBe(5);
		const opening = await getOpening(app, admin, rehearsal.slug);
		expect(opening).toMatchObject({ reached: 0, gate: { stage: 'internal' } });
	});

	it('changes sources by key and keeps those not listed, and replaces the plan, keeping the stages the room opened', async () => {
		const cutover = await cutoverWithOpening();
		await createSource(
			app,
			admin,
			cutover.slug,
			sourceCreateInput.parse({ key: 'other', kind: 'scrape', url: 'http://127.0.0.1:9/metrics' })
		);
		await advanceOpening(app, admin, cutover.slug, { note: 'Staff in' });
		const before = await seqOf(cutover.id);

		const plan = {
			stages: [{ key: 'all', name: 'Everyone', share: 100 }, ...PLAN.stages],
			parts: []
		};
		const result = await load(cutover.slug, {
			phases: ['Prep', 'Load'],
			tasks: TASKS,
			sources: [{ ...PROM, intervalSeconds: 30 }],
			metrics: [P95, ERRORS],
			opening: plan
		});
		expect(result).toMatchObject({ sources: 1, metrics: 2, stages: 3 });
		const sources = await listSources(app, admin, cutover.slug);
		expect(sources.map((s) => [s.key, s.intervalSeconds])).toEqual([
			['other', 15],
			['prom', 30]
		]);
		const events = await eventsAfter(app, cutover.id, before);
		expect(events.map((e) => e.type)).toEqual([
			'runbook.imported',
			'metric_source.updated',
			'opening.planned'
		]);
		expect(events[1].data).toMatchObject({ changed: ['intervalSeconds'] });
		const opening = await getOpening(app, admin, cutover.slug);
		expect(opening.stages.map((s) => s.key)).toEqual(['all', 'internal', 'ten']);
		expect(opening.reached).toBe(1);
		expect(opening.parts).toEqual([]);
	});

	it('refuses a file with a bad plan or source whole, naming the first bad thing, and keeps nothing of it', async () => {
		const cutover = await cutoverWithOpening();
		const before = await seqOf(cutover.id);
		const file = await exportRunbook(app, admin, cutover.slug);
		const tasks = [{ ...TASKS[0], title: 'Changed' }];
		const gone = {
			...PLAN,
			stages: [
				PLAN.stages[0],
				{
					...PLAN.stages[1],
					conditions: [PLAN.stages[1].conditions[0], { ...PLAN.stages[1].conditions[1], metric: 'cpu' }]
				}
			]
		};
		// Past the schema: the gate reads a metric the file does not define, found after the rest was written.
		const unknown = await rejection(
			load(cutover.slug, {
				phases: ['Prep'],
				tasks,
				sources: [{ ...PROM, key: 'new-prom' }],
				metrics: [P95, ERRORS],
				opening: gone
			})
		);
		expect(unknown.status).toBe(400);
		expect(unknown.message).toBe('opening.stages.1.conditions.1.metric: no metric "cpu" in this cutover');
		// Refused by the schema, naming the field: an operator that is none, a source twice, a timeout too long.
		const op = runbookImportInput.safeParse({
			...file,
			opening: {
				...PLAN,
				stages: [{ ...PLAN.stages[1], conditions: [{ metric: 'p95', op: '=<', threshold: 1 }] }]
			}
		});
		expect(op.error?.issues[0]).toMatchObject({ path: ['opening', 'stages', 0, 'conditions', 0, 'op'] });
		const twice = runbookImportInput.safeParse({ ...file, sources: [PROM, PROM] });
		expect(twice.error?.issues[0]).toMatchObject({ path: ['sources', 1, 'key'] });
		const slow = runbookImportInput.safeParse({ ...file, sources: [{ ...PROM, timeoutMs: 20_000 }] });
		expect(slow.error?.issues[0]).toMatchObject({ path: ['sources', 0, 'timeoutMs'] });

		expect(await seqOf(cutover.id)).toBe(before);
		expect(await exportRunbook(app, admin, cutover.slug)).toEqual(file);
		expect((await listSources(app, admin, cutover.slug)).map((s) => s.key)).toEqual(['prom']);
	});
});
