/**
 * Metrics through a real HTTP server, as a monitoring system and boards use them (the production build on a fresh
 * PGlite folder, tokens made with the admin CLI: see harness.ts): definitions, pushes good and bad (a bad batch
 * keeps nothing and names its first bad sample), series, and a token that may only push samples.
 */
import { io as connectClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from './harness';

const golive = new TestServer('golive-metrics-');
const tokens = { admin: '', viewer: '', feed: '' };

async function call(...args: Parameters<TestServer['call']>) {
	const { status, body } = await golive.call(...args);
	return { status, body };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const now = Date.now();
const C = '/api/v1/cutovers/go-live';
const M = `${C}/metrics`;
const iso = (ms: number) => new Date(ms).toISOString();
const window = { timezone: 'Europe/Helsinki', windowStart: iso(now - HOUR), windowEnd: iso(now + 8 * HOUR) };

/** The points of a metric's series over the last two hours: what was kept of its samples. */
async function keptValues(key: string): Promise<number[]> {
	const series = await call(
		'GET',
		`${M}/${key}/series?from=${iso(now - 2 * HOUR)}&to=${iso(now + MINUTE)}`,
		tokens.viewer
	);
	expect(series.status).toBe(200);
	return (series.body.points as number[][]).map((p) => p[1]);
}

beforeAll(async () => {
	tokens.admin = await golive.tokenFor('setup', 'admin');
	tokens.viewer = await golive.tokenFor('wall screen', 'viewer');
	tokens.feed = await golive.tokenFor('monitoring', 'metrics');
	await golive.start();
	expect(
		(await call('POST', '/api/v1/cutovers', tokens.admin, { slug: 'go-live', name: 'Go live', ...window }))
			.status
	).toBe(201);
}, 600_000);

afterAll(() => golive.stop());

describe('metrics over HTTP', () => {
	it('lists the metric paths in the OpenAPI document', async () => {
		const doc = await call('GET', '/api/v1/openapi.json');
		expect(Object.keys(doc.body.paths)).toEqual(
			expect.arrayContaining([M.replace('go-live', '{slug}'), `${M.replace('go-live', '{slug}')}/samples`])
		);
		const push = doc.body.paths['/api/v1/cutovers/{slug}/metrics/samples'].post;
		expect(push['x-golive-access']).toEqual({ permission: 'metrics.write' });
		expect(doc.body.components.schemas).toHaveProperty('Metric');
	});

	it('defines metrics (operators), refusing viewers, bad lines and a taken key', async () => {
		const p95 = {
			key: 'p95',
			name: 'p95 response time',
			unit: 'ms',
			kind: 'quantile',
			warning: 800,
			critical: 2000,
			sustainSeconds: 30,
			clearMargin: 100
		};
		expect((await call('POST', M, tokens.viewer, p95)).status).toBe(403);
		const upside = await call('POST', M, tokens.admin, { ...p95, critical: 500 });
		expect(upside.status).toBe(400);
		expect(upside.body.error.details[0]).toMatchObject({
			path: 'critical',
			reason: 'fields.criticalAboveWarning'
		});
		const created = await call('POST', M, tokens.admin, p95);
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ ...p95, direction: 'above', level: 'ok', value: null, version: 1 });
		expect((await call('POST', M, tokens.admin, p95)).status).toBe(409);
		const users = await call('POST', M, tokens.admin, {
			key: 'users',
			name: 'Logged-in users',
			unit: 'users'
		});
		expect(users.status).toBe(201);
		const patched = await call('PATCH', `${M}/users`, tokens.admin, { warning: 5000, expectedVersion: 1 });
		expect(patched.body).toMatchObject({ warning: 5000, version: 2 });
	});

	it('keeps a good push whole and answers how many were kept', async () => {
		const samples = Array.from({ length: 10 }, (_, i) => ({
			metric: i % 2 ? 'users' : 'p95',
			at: i < 5 ? iso(now - (20 - i) * MINUTE) : now - (20 - i) * MINUTE,
			value: 100 + i
		}));
		const pushed = await call('POST', `${M}/samples`, tokens.feed, { samples });
		expect(pushed).toEqual({ status: 200, body: { kept: 10 } });
		expect(await keptValues('p95')).toEqual([100, 102, 104, 106, 108]);
	});

	it('refuses a bad batch whole, naming its first bad sample, and keeps nothing of it', async () => {
		const good = { metric: 'p95', at: iso(now - 5 * MINUTE), value: 500 };
		const batches: [unknown, number, string, RegExp][] = [
			[[good, { metric: 'cpu', at: now, value: 1 }], 1, 'samples.1.metric', /no metric "cpu"/],
			[[good, good, { metric: 'p95', at: now, value: '12' }], 2, 'samples.2.value', /finite number/],
			[[good, { metric: 'p95', at: now + 10 * MINUTE, value: 1 }], 1, 'samples.1.at', /5 minutes ahead/],
			[[good, { metric: 'p95', at: 'now', value: 1 }, { metric: 'cpu' }], 1, 'samples.1.at', /ISO 8601/],
			[[good, { metric: 'p95', at: now, value: 1, host: 'web-1' }], 1, 'samples.1', /Unrecognized key/]
		];
		for (const [samples, index, path, words] of batches) {
			const refused = await call('POST', `${M}/samples`, tokens.feed, { samples });
			expect(refused.status, JSON.stringify(refused.body)).toBe(400);
			expect(refused.body.error.params.index).toBe(index);
			expect(refused.body.error.message).toMatch(words);
			expect(refused.body.error.message).toMatch(/nothing of the batch was kept/);
			expect(refused.body.error.details[0].path).toBe(path);
		}
		// JSON's 1e999 is Infinity: not a finite number.
		const infinite = await golive.raw('POST', `${M}/samples`, {
			headers: { authorization: `Bearer ${tokens.feed}`, 'content-type': 'application/json' },
			body: `{"samples":[${JSON.stringify(good)},{"metric":"p95","at":${now},"value":1e999}]}`
		});
		expect(infinite.status).toBe(400);
		expect(JSON.parse(infinite.text).error.details[0].path).toBe('samples.1.value');
		const tooMany = await call('POST', `${M}/samples`, tokens.feed, {
			samples: Array.from({ length: 10_001 }, () => good)
		});
		expect(tooMany.status).toBe(400);
		expect(tooMany.body.error.details[0]).toMatchObject({ path: 'samples', reason: 'fields.maxItems' });
		expect(await keptValues('p95')).toEqual([100, 102, 104, 106, 108]);
	});

	it('takes 10,000 samples in one push', async () => {
		const samples = Array.from({ length: 10_000 }, (_, i) => ({
			metric: 'users',
			at: now - 60 * MINUTE + i * 300,
			value: i
		}));
		const started = performance.now();
		const pushed = await call('POST', `${M}/samples`, tokens.feed, { samples });
		console.info(
			`[metrics] 10,000 samples over HTTP (PGlite) in ${(performance.now() - started).toFixed(0)} ms`
		);
		expect(pushed).toEqual({ status: 200, body: { kept: 10_000 } });
		const values = await keptValues('users');
		expect(values.length).toBeLessThanOrEqual(720);
		expect(values.length).toBeGreaterThan(100);
	});

	it('gives boards the latest readings coalesced, and the list and snapshot carry them', async () => {
		const before = (await call('GET', C, tokens.admin)).body.lastSeq;
		for (let i = 0; i < 10; i++)
			expect(
				(
					await call('POST', `${M}/samples`, tokens.feed, {
						samples: [{ metric: 'p95', at: now - 60_000 + i, value: 3000 }]
					})
				).status
			).toBe(200);
		const deadline = Date.now() + 15_000;
		let updates: { type: string; data: { metrics: { key: string; value: number }[] } }[] = [];
		while (Date.now() < deadline) {
			const events = await call('GET', `${C}/events?after=${before}`, tokens.viewer);
			updates = events.body.items.filter((e: { type: string }) => e.type === 'metrics.updated');
			if (updates.some((u) => u.data.metrics.some((m) => m.key === 'p95' && m.value === 3000))) break;
			await new Promise((r) => setTimeout(r, 100));
		}
		// Ten pushes within about a second: one or two coalesced events, never one per push.
		expect(updates.length).toBeGreaterThanOrEqual(1);
		expect(updates.length).toBeLessThanOrEqual(3);
		const listed = await call('GET', M, tokens.viewer);
		expect(listed.body.items.find((m: { key: string }) => m.key === 'p95')).toMatchObject({ value: 3000 });
		const snapshot = await call('GET', `${C}/snapshot`, tokens.viewer);
		expect(snapshot.body.metrics.map((m: { key: string }) => m.key)).toEqual(['p95', 'users']);
	});

	it('gives a samples-only token nothing else: no reads, no other writes, no board', async () => {
		for (const [method, path, body] of [
			['GET', '/api/v1/cutovers'],
			['GET', C],
			['GET', M],
			['GET', `${M}/p95/series`],
			['GET', `${C}/snapshot`],
			['GET', `${C}/events`],
			['POST', M, { key: 'cpu', name: 'CPU' }],
			['PATCH', `${M}/p95`, { name: 'x' }],
			['DELETE', `${M}/p95`],
			['POST', `${C}/tasks`, { key: 'T', title: 'T', phase: 'P', owner: 'o', durationMinutes: 1 }]
		] as [string, string, unknown?][]) {
			const answer = await call(method, path, tokens.feed, body);
			expect(answer.status, `${method} ${path}`).toBe(403);
		}
		const socket = connectClient(golive.base, {
			transports: ['websocket'],
			reconnection: false,
			forceNew: true,
			auth: { token: tokens.feed }
		});
		const refused = await new Promise<string>((resolve) => {
			socket.once('connect', () => resolve('connected'));
			socket.once('connect_error', (err) => resolve(err.message));
		});
		socket.close();
		expect(refused).toBe('forbidden');
	});

	it('removes a metric with its samples', async () => {
		expect((await call('DELETE', `${M}/users`, tokens.admin)).body).toEqual({ removed: 'users' });
		expect((await call('GET', `${M}/users/series`, tokens.viewer)).status).toBe(404);
		const refused = await call('POST', `${M}/samples`, tokens.feed, {
			samples: [{ metric: 'users', at: now, value: 1 }]
		});
		expect(refused.status).toBe(400);
	});
});
