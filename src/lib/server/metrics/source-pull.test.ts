/** Metric sources pulled for real: a prom-client exporter over HTTP, and a Prometheus server scraping it. */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceCreateInput, type SourceView } from '../../shared/schemas/metric-sources';
import { metricCreateInput, type MetricView } from '../../shared/schemas/metrics';
import type { App } from '../app';
import { metricSamples } from '../db/schema';
import { testDatabases } from '../db/test-db';
import { eventsAfter } from '../events/event.service';
import { eventually, ManualClock, rejection, testAdmin as admin, testCutover } from '../testing';
import { startExporter, type TestExporter } from '../testing/exporter';
import { startPrometheus, type TestPrometheus } from '../testing/prometheus';
import * as metricQueries from './metric.queries';
import { createMetric, listMetrics, updateMetric } from './metric.service';
import { pullSource } from './source-pull';
import { SourcePuller } from './source-puller';
import * as q from './source.queries';
import { createSource, listSources, removeSource } from './source.service';

const S = 1000;

let exporter: TestExporter;
let prometheus: TestPrometheus;

beforeAll(async () => {
	exporter = await startExporter();
	exporter.users.set(420);
	exporter.requests.inc({ code: '200' }, 90);
	exporter.requests.inc({ code: '500' }, 4);
	exporter.requests.inc({ code: '503' }, 1);
	for (let i = 0; i < 100; i++) exporter.latency.observe(0.25);
	prometheus = await startPrometheus([exporter.url]);
}, 30_000);
afterAll(async () => {
	await prometheus?.stop();
	await exporter?.stop();
});

describe.each(testDatabases())('metric sources on $kind', (database) => {
	let app: App;

	beforeAll(async () => {
		app = await database.open();
	});
	afterAll(() => database.close());

	const defineSource = (slug: string, body: unknown) =>
		createSource(app, admin, slug, sourceCreateInput.parse(body));
	const define = (slug: string, body: unknown) =>
		createMetric(app, admin, slug, metricCreateInput.parse(body));
	/** One pull of a source at `at`, and the feed's publication of what it kept. */
	async function pull(
		cutover: { id: string; slug: string },
		key: string,
		at = Date.now()
	): Promise<SourceView> {
		await pullSource(app, (await q.sourceByKey(app.db, cutover.id, key))!, at);
		await app.metricFeed.flush();
		return (await listSources(app, admin, cutover.slug)).find((s) => s.key === key)!;
	}
	const metricsOf = async (slug: string): Promise<Record<string, MetricView>> =>
		Object.fromEntries((await listMetrics(app, admin, slug)).map((m) => [m.key, m]));
	async function samplesOf(cutoverId: string, key: string): Promise<number> {
		const id = (await metricQueries.metricByKey(app.db, cutoverId, key))!.id;
		const [row] = await app.db
			.select({ n: count() })
			.from(metricSamples)
			.where(eq(metricSamples.metricId, id));
		return row.n;
	}
	const sourceEvents = async (cutoverId: string) =>
		(await eventsAfter(app, cutoverId, 0))
			.filter((e) => e.type.startsWith('metric_source.'))
			.map((e) => e.type);

	it('scrapes a real exporter: a gauge, series summed, a summary quantile, and a counter read as a rate', async () => {
		const c = await testCutover(app);
		const { id, slug } = c;
		await defineSource(slug, { key: 'app', kind: 'scrape', url: exporter.url, intervalSeconds: 15 });
		await define(slug, { key: 'users', name: 'Users', source: 'app', selector: 'app_logged_in_users' });
		await define(slug, {
			key: 'errors',
			name: 'Errors',
			source: 'app',
			selector: 'http_requests_total{code=~"5.."}'
		});
		await define(slug, {
			key: 'p95',
			name: 'p95',
			kind: 'quantile',
			source: 'app',
			selector: 'http_request_duration_seconds{quantile="0.95"}'
		});
		await define(slug, {
			key: 'rps',
			name: 'Requests/s',
			kind: 'rate',
			source: 'app',
			selector: 'http_requests_total'
		});
		const start = Date.now() - 60 * S;

		const first = await pull(c, 'app', start);
		expect(first).toMatchObject({ state: 'up', lastError: null, lastPullAt: new Date(start).toISOString() });
		expect(first.lastSuccessAt).toBe(first.lastPullAt);
		let metrics = await metricsOf(slug);
		expect(metrics.users).toMatchObject({ value: 420, source: 'app', sourceDown: false });
		expect(metrics.errors.value).toBe(5);
		expect(metrics.p95.value).toBe(0.25);
		// A counter's first reading is its raw total; its rate needs a second one.
		expect(metrics.rps).toMatchObject({ raw: 95, value: null });

		exporter.requests.inc({ code: '200' }, 150);
		await pull(c, 'app', start + 15 * S);
		metrics = await metricsOf(slug);
		expect(metrics.rps).toMatchObject({ raw: 245, value: 10 });
		for (const key of ['users', 'errors', 'p95', 'rps']) expect(await samplesOf(id, key)).toBe(2);
		// Up once, at the first pull: the second is no change of state.
		expect(await sourceEvents(id)).toEqual(['metric_source.created', 'metric_source.up']);
		exporter.requests.reset();
		exporter.requests.inc({ code: '200' }, 90);
		exporter.requests.inc({ code: '500' }, 4);
		exporter.requests.inc({ code: '503' }, 1);
	});

	it('turns a source down when its exporter stops answering, with the reason, once, and up again', async () => {
		const c = await testCutover(app);
		const { id, slug } = c;
		await defineSource(slug, {
			key: 'app',
			kind: 'scrape',
			url: exporter.url,
			intervalSeconds: 5,
			timeoutMs: 300
		});
		await define(slug, { key: 'users', name: 'Users', source: 'app', selector: 'app_logged_in_users' });
		expect((await pull(c, 'app')).state).toBe('up');

		exporter.answering = false;
		const down = await pull(c, 'app');
		expect(down).toMatchObject({ state: 'down', lastError: 'no answer within 300 ms' });
		expect(down.lastSuccessAt).not.toBe(down.lastPullAt);
		expect((await metricsOf(slug)).users).toMatchObject({ sourceDown: true, value: 420 });
		expect((await pull(c, 'app')).state).toBe('down');
		expect(await sourceEvents(id)).toEqual([
			'metric_source.created',
			'metric_source.up',
			'metric_source.down'
		]);

		exporter.answering = true;
		expect(await pull(c, 'app')).toMatchObject({ state: 'up', lastError: null });
		expect((await metricsOf(slug)).users.sourceDown).toBe(false);
		const events = (await eventsAfter(app, id, 0)).filter((e) => e.type.startsWith('metric_source.'));
		expect(events.map((e) => e.type)).toEqual([
			'metric_source.created',
			'metric_source.up',
			'metric_source.down',
			'metric_source.up'
		]);
		expect(events[2].data).toMatchObject({
			from: 'up',
			source: { state: 'down', lastError: 'no answer within 300 ms' }
		});
		// Three answered pulls kept a sample each; the unanswered ones none.
		expect(await samplesOf(id, 'users')).toBe(2);
	});

	it('says why a source is down: a refused connection, an HTTP error, a page that is not metrics, no series', async () => {
		const c = await testCutover(app);
		const { id, slug } = c;
		const gone = await startExporter();
		await gone.stop();
		await defineSource(slug, {
			key: 'gone',
			kind: 'scrape',
			url: gone.url,
			intervalSeconds: 5,
			timeoutMs: 1000
		});
		expect(await pull(c, 'gone')).toMatchObject({ state: 'down', lastError: 'connection refused' });

		await defineSource(slug, { key: 'prom', kind: 'scrape', url: `${prometheus.url}/nothing-here` });
		expect(await pull(c, 'prom')).toMatchObject({ state: 'down', lastError: 'HTTP 404 Not Found' });
		await defineSource(slug, { key: 'html', kind: 'scrape', url: `${prometheus.url}/-/ready` });
		expect((await pull(c, 'html')).lastError).toBe('not the Prometheus text format: "Prometheus Server"');
		await defineSource(slug, { key: 'moved', kind: 'scrape', url: `${prometheus.url}/` });
		expect((await pull(c, 'moved')).lastError).toMatch(/^HTTP 30\d/);

		await defineSource(slug, { key: 'app', kind: 'scrape', url: exporter.url });
		await define(slug, { key: 'users', name: 'Users', source: 'app', selector: 'app_logged_in_users' });
		await define(slug, { key: 'typo', name: 'Typo', source: 'app', selector: 'app_logged_in_user' });
		expect(await pull(c, 'app')).toMatchObject({
			state: 'down',
			lastError: 'typo: no series matches app_logged_in_user'
		});
		// The metric that matched keeps its reading; the source is down all the same (a gate reads no data).
		expect(await samplesOf(id, 'users')).toBe(1);
		expect(await samplesOf(id, 'typo')).toBe(0);
		expect((await metricsOf(slug)).users).toMatchObject({ value: 420, sourceDown: true });
	});

	it('runs PromQL instant queries against a real Prometheus; NaN is no reading, and a bad query says why', async () => {
		const c = await testCutover(app);
		const { id, slug } = c;
		await defineSource(slug, { key: 'prom', kind: 'promql', url: prometheus.url, intervalSeconds: 5 });
		// With no metric yet, a pull tests the server with the query `1`.
		expect((await pull(c, 'prom')).state).toBe('up');
		await define(slug, { key: 'users', name: 'Users', source: 'prom', selector: 'sum(app_logged_in_users)' });
		await define(slug, {
			key: 'errors',
			name: 'Errors',
			source: 'prom',
			selector: 'sum by (code) (http_requests_total{code=~"5.."})'
		});
		// Prometheus scrapes the exporter every second: wait for its first scrape.
		let view: SourceView | undefined;
		expect(await eventually(async () => (view = await pull(c, 'prom')).state === 'up', 10_000, 250)).toBe(
			true
		);
		const metrics = await metricsOf(slug);
		expect(metrics.users.value).toBe(420);
		expect(metrics.errors.value).toBe(5);
		expect(view!.lastError).toBeNull();

		await define(slug, { key: 'nan', name: 'NaN', source: 'prom', selector: '0/0' });
		expect(await pull(c, 'prom')).toMatchObject({
			state: 'down',
			lastError: 'nan: the query answered NaN: no reading'
		});
		expect(await samplesOf(id, 'nan')).toBe(0);
		await updateMetric(app, admin, slug, 'nan', { selector: 'sum(' });
		// The bad query's own reason, whatever the others say (on a loaded machine a late scrape can leave them empty).
		expect((await pull(c, 'prom')).lastError).toMatch(
			/(^|; )nan: Prometheus refused the query: .*parse error/
		);
	});

	it('pulls a source when it is due on the puller clock: never pulled, then once per interval', async () => {
		const c = await testCutover(app);
		const { id, slug } = c;
		await defineSource(slug, { key: 'app', kind: 'scrape', url: exporter.url, intervalSeconds: 5 });
		await define(slug, { key: 'users', name: 'Users', source: 'app', selector: 'app_logged_in_users' });
		const clock = new ManualClock(Date.now());
		const puller = new SourcePuller(app, clock);
		// Other tests' sources are due too: count only this cutover's samples.
		await puller.run();
		expect(await samplesOf(id, 'users')).toBe(1);
		clock.advance(4 * S);
		await puller.run();
		expect(await samplesOf(id, 'users')).toBe(1);
		clock.advance(S);
		await puller.run();
		expect(await samplesOf(id, 'users')).toBe(2);
		await puller.close();
	});

	it('refuses a metric with an unknown source or a bad selector, and a source still read by a metric', async () => {
		const { slug } = await testCutover(app);
		await defineSource(slug, { key: 'app', kind: 'scrape', url: exporter.url });
		const refused = await rejection(define(slug, { key: 'm', name: 'M', source: 'nope', selector: 'up' }));
		expect(refused).toMatchObject({
			status: 400,
			details: [{ path: 'source', reason: 'fields.sourceUnknown' }]
		});
		const bad = await rejection(
			define(slug, { key: 'm', name: 'M', source: 'app', selector: 'rate(x[1m])' })
		);
		expect(bad).toMatchObject({
			status: 400,
			details: [{ path: 'selector', reason: 'fields.selectorInvalid' }]
		});
		await define(slug, { key: 'm', name: 'M', source: 'app', selector: 'up' });
		const inUse = await rejection(removeSource(app, admin, slug, 'app'));
		expect(inUse).toMatchObject({ status: 409, reason: 'errors.sourceInUse', params: { metrics: 'm' } });
		expect((await metricsOf(slug)).m).toBeDefined();
	});
});
