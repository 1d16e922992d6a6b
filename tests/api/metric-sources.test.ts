/**
 * Metric sources through a real HTTP server (the production build, see harness.ts): bad definitions are refused
 * with a 400 and keep nothing, and a source pulled now reads a real prom-client exporter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../src/lib/server/testing/waiting';
import { startExporter, type TestExporter } from '../../src/lib/server/testing/exporter';
import { TestServer } from './harness';

const golive = new TestServer('golive-metric-sources-');
const tokens = { admin: '', viewer: '' };
let exporter: TestExporter;

async function call(...args: Parameters<TestServer['call']>) {
	const { status, body } = await golive.call(...args);
	return { status, body };
}

const HOUR = 3_600_000;
const now = Date.now();
const C = '/api/v1/cutovers/go-live';
const SOURCES = `${C}/metric-sources`;
const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
	exporter = await startExporter();
	exporter.users.set(420);
	tokens.admin = await golive.tokenFor('setup', 'admin');
	tokens.viewer = await golive.tokenFor('wall screen', 'viewer');
	await golive.start();
	const window = {
		timezone: 'Europe/Helsinki',
		windowStart: iso(now - HOUR),
		windowEnd: iso(now + 8 * HOUR)
	};
	const made = await call('POST', '/api/v1/cutovers', tokens.admin, {
		slug: 'go-live',
		name: 'Go live',
		...window
	});
	expect(made.status).toBe(201);
}, 600_000);

afterAll(async () => {
	await golive.stop();
	await exporter?.stop();
});

describe('metric sources over HTTP', () => {
	it('lists the source paths in the OpenAPI document, editable with runbook.edit', async () => {
		const doc = await call('GET', '/api/v1/openapi.json');
		const path = SOURCES.replace('go-live', '{slug}');
		expect(Object.keys(doc.body.paths)).toEqual(
			expect.arrayContaining([path, `${path}/{key}`, `${path}/{key}/pull`])
		);
		expect(doc.body.paths[path].post['x-golive-access']).toEqual({ permission: 'runbook.edit' });
	});

	it('refuses bad source definitions with a 400 naming the field, and keeps nothing', async () => {
		const good = { key: 'app', kind: 'scrape', url: exporter.url };
		const bad: [object, string][] = [
			[{ ...good, url: 'file:///etc/passwd' }, 'url'],
			[{ ...good, url: 'not a url' }, 'url'],
			[{ ...good, kind: 'graphite' }, 'kind'],
			[{ ...good, intervalSeconds: 2 }, 'intervalSeconds'],
			[{ ...good, intervalSeconds: 5, timeoutMs: 6000 }, 'timeoutMs'],
			[{ ...good, key: 'has space' }, 'key'],
			[{ ...good, headers: { authorization: 'x' } }, '']
		];
		for (const [body, field] of bad) {
			const refused = await call('POST', SOURCES, tokens.admin, body);
			expect(refused.status, JSON.stringify(body)).toBe(400);
			if (field) expect(refused.body.error.details[0].path).toBe(field);
		}
		expect((await call('POST', SOURCES, tokens.viewer, good)).status).toBe(403);
		expect((await call('GET', SOURCES, tokens.viewer)).body.items).toEqual([]);
	});

	it('defines a source, refuses metrics that read it wrongly, and pulls it now from a real exporter', async () => {
		const created = await call('POST', SOURCES, tokens.admin, {
			key: 'app',
			kind: 'scrape',
			url: exporter.url
		});
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({
			key: 'app',
			intervalSeconds: 15,
			timeoutMs: 5000,
			state: 'unknown'
		});
		expect(
			(await call('POST', SOURCES, tokens.admin, { key: 'app', kind: 'promql', url: exporter.url })).status
		).toBe(409);
		const M = `${C}/metrics`;
		const metric = { key: 'users', name: 'Users', source: 'app', selector: 'app_logged_in_users' };
		const refusals: [object, string, string][] = [
			[{ ...metric, selector: 'rate(app_logged_in_users[1m])' }, 'selector', 'fields.selectorInvalid'],
			[{ ...metric, source: 'nope' }, 'source', 'fields.sourceUnknown'],
			[{ ...metric, selector: null }, 'selector', 'fields.selectorWithSource']
		];
		for (const [body, path, reason] of refusals) {
			const refused = await call('POST', M, tokens.admin, body);
			expect(refused.status, JSON.stringify(body)).toBe(400);
			expect(refused.body.error.details[0]).toMatchObject({ path, reason });
		}
		expect((await call('GET', M, tokens.viewer)).body.items).toEqual([]);

		expect((await call('POST', M, tokens.admin, metric)).status).toBe(201);
		const pulled = await call('POST', `${SOURCES}/app/pull`, tokens.admin);
		expect(pulled.status).toBe(200);
		expect(pulled.body).toMatchObject({ state: 'up', lastError: null });
		// The reading reaches the metric's row through the metrics feed, within about a second.
		const read = async () => (await call('GET', M, tokens.viewer)).body.items[0];
		expect(await eventually(async () => (await read()).raw === 420, 10_000, 100)).toBe(true);
		expect(await read()).toMatchObject({ key: 'users', source: 'app', sourceDown: false, value: 420 });

		const inUse = await call('DELETE', `${SOURCES}/app`, tokens.admin);
		expect(inUse.status).toBe(409);
		const changed = await call('PATCH', `${SOURCES}/app`, tokens.admin, {
			intervalSeconds: 30,
			expectedVersion: 1
		});
		expect(changed.status).toBe(200);
		expect(changed.body).toMatchObject({ intervalSeconds: 30, version: 2, state: 'up' });
		const tooLong = await call('PATCH', `${SOURCES}/app`, tokens.admin, { timeoutMs: 40_000 });
		expect(tooLong.status).toBe(400);
		expect(tooLong.body.error.details[0].path).toBe('timeoutMs');
	});
});
