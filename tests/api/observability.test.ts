/**
 * What an operator reads off a running instance: JSON log lines that name the request they were written for, the
 * same id on the answer (and in an error's body), and Prometheus metrics that are never public.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../src/lib/server/testing/waiting';
import { TestServer, freePort } from './harness';

const METRICS_TOKEN = 'metrics-secret-0123456789';

/** The server's JSON log lines (anything else on its output is skipped). */
function logLines(server: TestServer): Record<string, unknown>[] {
	return server.log.split('\n').flatMap((line) => {
		try {
			const parsed = JSON.parse(line);
			return parsed && typeof parsed === 'object' ? [parsed] : [];
		} catch {
			return [];
		}
	});
}

/** One sample's value from Prometheus text, or undefined. */
function sample(text: string, name: string, labels = ''): number | undefined {
	const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
	return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('an instance observed', () => {
	const server = new TestServer('golive-observed-');
	let token = '';
	let privatePort = 0;
	beforeAll(async () => {
		token = await server.tokenFor('observer', 'admin');
		privatePort = await freePort();
		server.env.GOLIVE_METRICS_TOKEN = METRICS_TOKEN;
		server.env.GOLIVE_METRICS_PORT = String(privatePort);
		await server.start();
	}, 240_000);
	afterAll(() => server.stop());

	it('answers every request with its id, and an error names it in its body and in its log line', async () => {
		const refused = await server.raw('POST', '/api/v1/cutovers', {
			headers: {
				authorization: `Bearer ${token}`,
				'content-type': 'application/json',
				'x-request-id': 'lb-7f3a-0001'
			},
			body: JSON.stringify({ slug: 'Not A Slug', name: 'x' })
		});
		expect(refused.status).toBe(400);
		expect(refused.headers.get('x-request-id')).toBe('lb-7f3a-0001');
		expect(refused.body.error.requestId).toBe('lb-7f3a-0001');
		const logged = (l: Record<string, unknown>) =>
			l.reqId === 'lb-7f3a-0001' && l.status === 400 && l.path === '/api/v1/cutovers';
		expect(await eventually(() => logLines(server).some(logged))).toBe(true);

		// An id that is not safe to echo (spaces, quotes) is replaced by one of the server's own.
		const fresh = await server.raw('GET', '/api/v1/cutovers/none', {
			headers: { authorization: `Bearer ${token}`, 'x-request-id': 'a b"c' }
		});
		expect(fresh.status).toBe(404);
		const id = fresh.headers.get('x-request-id');
		expect(id).toMatch(/^[0-9a-f-]{36}$/);
		expect(fresh.body.error.requestId).toBe(id);

		// Pages carry an id too.
		const page = await server.raw('GET', '/login');
		expect(page.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
	});

	it('writes every log line as JSON with a level and a time', () => {
		const lines = logLines(server);
		expect(lines.some((l) => String(l.msg).includes('is running'))).toBe(true);
		for (const line of lines) {
			expect(typeof line.level).toBe('string');
			expect(Number.isNaN(Date.parse(String(line.time)))).toBe(false);
		}
	});

	it('serves /metrics on the main port only with its token', async () => {
		expect((await server.raw('GET', '/metrics')).status).toBe(401);
		const wrong = await server.raw('GET', '/metrics', { headers: { authorization: `Bearer ${token}` } });
		expect(wrong.status).toBe(401);
		const ok = await server.raw('GET', '/metrics', {
			headers: { authorization: `Bearer ${METRICS_TOKEN}` }
		});
		expect(ok.status).toBe(200);
		expect(ok.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
		expect(ok.text).toContain('# TYPE golive_write_duration_seconds histogram');
	});

	it('counts a committed write, its event and its fan-out, and reports the clients and the database', async () => {
		const scrape = async () => (await fetch(`http://127.0.0.1:${privatePort}/metrics`)).text();
		const before = await scrape();
		const written = (text: string) =>
			sample(text, 'golive_write_duration_seconds_count', 'outcome="committed"') ?? 0;
		const created = await server.call('POST', '/api/v1/cutovers', token, {
			slug: 'observed',
			name: 'Observed',
			timezone: 'Europe/Helsinki',
			windowStart: '2026-12-05T18:00:00Z',
			windowEnd: '2026-12-06T06:00:00Z'
		});
		expect(created.status).toBe(201);
		const after = await scrape();
		expect(written(after)).toBe(written(before) + 1);
		expect(sample(after, 'golive_events_published_total', 'type="cutover.created"')).toBeGreaterThanOrEqual(
			1
		);
		expect(sample(after, 'golive_fanout_lag_seconds_count')).toBeGreaterThanOrEqual(1);
		expect(sample(after, 'golive_socket_clients')).toBe(0);
		expect(sample(after, 'golive_database_up')).toBe(1);
		expect(sample(after, 'golive_forecast_lease_held')).toBe(1);
		expect(sample(after, 'golive_process_resident_memory_bytes')).toBeGreaterThan(0);
	});
});

describe('an instance without a metrics token', () => {
	const server = new TestServer('golive-unobserved-');
	beforeAll(() => server.start(), 240_000);
	afterAll(() => server.stop());

	it('does not serve /metrics at all (it is a page path like any other, behind sign-in)', async () => {
		const answer = await server.raw('GET', '/metrics');
		expect(answer.status).toBe(303);
		expect(answer.text).not.toContain('# TYPE');
	});
});
