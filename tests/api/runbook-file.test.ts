/**
 * The runbook file through a real HTTP server (the production build, see harness.ts): it carries the metric
 * sources and the opening plan, and a file with a bad plan or source is refused with a 400 naming the first bad
 * thing, keeping nothing of it (tasks, sources, metrics and plan as they were, no event).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from './harness';

const golive = new TestServer('golive-runbook-file-');
let admin = '';

const HOUR = 3_600_000;
const now = Date.now();
const C = '/api/v1/cutovers/file-cutover';
const iso = (ms: number) => new Date(ms).toISOString();

const TENTH = {
	key: 'tenth',
	name: '10 % of the public',
	share: 10,
	conditions: [{ metric: 'p95', stat: 'max', windowMinutes: 10, op: '<', threshold: 800 }]
};

const FILE = {
	phases: ['Prep'],
	tasks: [{ key: 'A', title: 'Freeze', phase: 'Prep', owner: 'dba', durationMinutes: 10 }],
	sources: [{ key: 'prom', kind: 'promql', url: 'http://127.0.0.1:9/', intervalSeconds: 60 }],
	metrics: [
		{ key: 'p95', name: 'Response time (p95)', unit: 'ms', kind: 'quantile', warning: 800, critical: 2000 },
		{ key: 'errors', name: 'Error rate', unit: '%', source: 'prom', selector: 'sum(rate(errors_total[1m]))' }
	],
	opening: {
		stages: [{ key: 'internal', name: 'Internal users' }, TENTH],
		parts: [{ key: 'market', name: 'Expert marketplace' }]
	}
};

async function call(...args: Parameters<TestServer['call']>) {
	const { status, body } = await golive.call(...args);
	return { status, body };
}

beforeAll(async () => {
	admin = await golive.tokenFor('setup', 'admin');
	await golive.start();
	const made = await call('POST', '/api/v1/cutovers', admin, {
		slug: 'file-cutover',
		name: 'File cutover',
		timezone: 'Europe/Helsinki',
		windowStart: iso(now + HOUR),
		windowEnd: iso(now + 8 * HOUR)
	});
	expect(made.status).toBe(201);
}, 600_000);

afterAll(() => golive.stop());

describe('the runbook file over HTTP', () => {
	it('carries the sources and the opening plan, and refuses a bad plan or source whole, keeping nothing', async () => {
		const loaded = await call('PUT', `${C}/runbook`, admin, FILE);
		expect(loaded.status, JSON.stringify(loaded.body)).toBe(200);
		expect(loaded.body).toEqual({ phases: 1, tasks: 1, sources: 1, metrics: 2, stages: 2 });
		const file = (await call('GET', `${C}/runbook`, admin)).body;
		expect(file.sources).toEqual([{ ...FILE.sources[0], timeoutMs: 5000 }]);
		expect(file.metrics[1]).toMatchObject({ key: 'errors', source: 'prom' });
		expect(file.opening.stages.map((s: { key: string }) => s.key)).toEqual(['internal', 'tenth']);
		// The server pulls the new source at once (nothing listens on port 9): its turning down is an event, so the
		// seq the refusals must leave unchanged is taken after it.
		await expect
			.poll(async () => (await call('GET', `${C}/metric-sources`, admin)).body.items[0].state, {
				timeout: 30_000
			})
			.toBe('down');
		const seq = (await call('GET', C, admin)).body.lastSeq;

		const changed = {
			...FILE,
			tasks: [{ ...FILE.tasks[0], title: 'Changed' }],
			sources: [
				{ ...FILE.sources[0], intervalSeconds: 30 },
				{ ...FILE.sources[0], key: 'new-prom' }
			]
		};
		const stage = TENTH;
		const bad: [object, string][] = [
			// Past the schema: the gate reads a metric the file does not define.
			[
				{
					...changed,
					opening: {
						...FILE.opening,
						stages: [
							FILE.opening.stages[0],
							{ ...stage, conditions: [{ ...stage.conditions[0], metric: 'cpu' }] }
						]
					}
				},
				'opening.stages.1.conditions.0.metric'
			],
			[
				{
					...changed,
					opening: {
						...FILE.opening,
						stages: [{ ...stage, conditions: [{ metric: 'p95', op: '=<', threshold: 1 }] }]
					}
				},
				'opening.stages.0.conditions.0.op'
			],
			[{ ...changed, opening: { stages: [], parts: [] } }, 'opening.stages'],
			[{ ...changed, sources: [{ ...FILE.sources[0], url: 'file:///etc/passwd' }] }, 'sources.0.url'],
			[{ ...changed, sources: [FILE.sources[0], FILE.sources[0]] }, 'sources.1.key']
		];
		for (const [body, path] of bad) {
			const refused = await call('PUT', `${C}/runbook`, admin, body);
			expect(refused.status, JSON.stringify(refused.body)).toBe(400);
			expect(refused.body.error.details[0].path).toBe(path);
		}
		expect((await call('GET', C, admin)).body.lastSeq).toBe(seq);
		expect((await call('GET', `${C}/runbook`, admin)).body).toEqual(file);
		const sources = (await call('GET', `${C}/metric-sources`, admin)).body.items;
		expect(sources.map((s: { key: string; intervalSeconds: number }) => [s.key, s.intervalSeconds])).toEqual([
			['prom', 60]
		]);
	});
});
