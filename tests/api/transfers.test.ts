/**
 * Data transfers and the window forecast through a real HTTP server, as migration scripts and boards use them
 * (the production build on a fresh PGlite folder, tokens made with the admin CLI: see harness.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from './harness';

const golive = new TestServer('golive-transfers-');
const tokens = { admin: '', operator: '', owner: '', viewer: '' };

interface LoggedEvent {
	seq: number;
	type: string;
	data: { transfers?: { done: number }[] };
}

/** Status and JSON body: what these tests compare (headers differ from one answer to the next). */
async function call(...args: Parameters<TestServer['call']>) {
	const { status, body } = await golive.call(...args);
	return { status, body };
}
type Answer = Awaited<ReturnType<typeof call>>;

/** Asks until `ready` accepts the answer or the deadline passes; returns the last answer. */
async function poll(path: string, ready: (a: Answer) => boolean, deadlineMs = 15_000): Promise<Answer> {
	const deadline = Date.now() + deadlineMs;
	for (;;) {
		const answer = await call('GET', path, tokens.viewer);
		if (ready(answer) || Date.now() > deadline) return answer;
		await new Promise((r) => setTimeout(r, 100));
	}
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const now = Date.now();
const C = '/api/v1/cutovers/move-data';
const T = `${C}/transfers`;
const iso = (ms: number) => new Date(ms).toISOString();
const OPERATOR_PASSWORD = 'correct horse battery';

/** Progress reports from 8 minutes ago to now: 1,000 rows a minute, every 2 minutes. */
const steady = [0, 2, 4, 6, 8].map((m) => ({ done: m * 1000, at: iso(now - (8 - m) * MINUTE) }));

beforeAll(async () => {
	tokens.admin = await golive.tokenFor('setup', 'admin');
	tokens.operator = await golive.tokenFor('migration script', 'operator');
	tokens.owner = await golive.tokenFor('dba team script', 'task_owner');
	tokens.viewer = await golive.tokenFor('wall screen', 'viewer');
	const added = await golive.cli(
		['user', 'add', '--username', 'olli', '--name', 'Olli Operator', '--role', 'operator'],
		{ GOLIVE_PASSWORD: OPERATOR_PASSWORD }
	);
	if (added.code !== 0) throw new Error(added.stderr);

	await golive.start();
}, 600_000);

afterAll(() => golive.stop());

describe('data transfers and the forecast over HTTP', () => {
	it('lists the transfer and forecast paths in the OpenAPI document', async () => {
		const doc = await call('GET', '/api/v1/openapi.json');
		expect(doc.status).toBe(200);
		expect(Object.keys(doc.body.paths)).toEqual(
			expect.arrayContaining([
				'/api/v1/cutovers/{slug}/transfers',
				'/api/v1/cutovers/{slug}/transfers/{key}',
				'/api/v1/cutovers/{slug}/transfers/{key}/progress',
				'/api/v1/cutovers/{slug}/forecast'
			])
		);
		expect(doc.body.paths['/api/v1/cutovers/{slug}/transfers/{key}/progress']).toHaveProperty('post');
	});

	it('has no forecast for a new cutover until something moves it', async () => {
		const created = await call('POST', '/api/v1/cutovers', tokens.admin, {
			slug: 'move-data',
			name: 'Move the data',
			timezone: 'Europe/Helsinki',
			windowStart: iso(now + HOUR),
			windowEnd: iso(now + 25 * HOUR)
		});
		expect(created.status).toBe(201);
		const forecast = await call('GET', `${C}/forecast`, tokens.viewer);
		expect(forecast.status).toBe(200);
		expect(forecast.body).toEqual({ forecast: null, history: [] });
	});

	it('defines a stream after the task it waits for, and refuses unknown tasks and viewers', async () => {
		const step = (key: string) => ({ key, title: key, phase: 'Move', owner: 'dba', durationMinutes: 30 });
		const runbook = await call('PUT', `${C}/runbook`, tokens.admin, {
			phases: ['Move'],
			tasks: [step('EXPORT'), step('CHECK')]
		});
		expect(runbook.status).toBe(200);
		const stream = {
			key: 'customers',
			name: 'Customer records',
			unit: 'rows',
			total: 1_000_000,
			plannedMinutes: 600,
			dependsOn: ['EXPORT']
		};
		const unknownTask = await call('POST', T, tokens.admin, { ...stream, dependsOn: ['NOPE'] });
		expect(unknownTask.status).toBe(400);
		expect(unknownTask.body.error.message).toContain('NOPE');
		expect((await call('POST', T, tokens.viewer, stream)).status).toBe(403);
		expect((await call('GET', T, tokens.viewer)).body).toEqual({ items: [] });

		const created = await call('POST', T, tokens.admin, stream);
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({
			...stream,
			done: 0,
			startedAt: null,
			finishedAt: null,
			ratePerHour: null,
			eta: null,
			version: 1,
			series: 1
		});
		expect((await call('POST', T, tokens.admin, stream)).status).toBe(409);
		// The check waits for the data; the stream waits for the export.
		const check = await call('PATCH', `${C}/tasks/CHECK`, tokens.admin, {
			dependsOnTransfers: ['customers']
		});
		expect(check.status).toBe(200);
		expect(check.body.dependsOnTransfers).toEqual(['customers']);
	});

	it('takes progress from script tokens and answers the rate and the ETA', async () => {
		for (const [i, report] of steady.entries()) {
			const token = i < 3 ? tokens.operator : tokens.owner;
			const res = await call('POST', `${T}/customers/progress`, token, report);
			expect(res.status, JSON.stringify(res.body)).toBe(200);
			expect(res.body.done).toBe(report.done);
		}
		const stream = await call('GET', `${T}/customers`, tokens.viewer);
		expect(stream.status).toBe(200);
		expect(stream.body).toMatchObject({
			done: 8000,
			startedAt: steady[0].at,
			lastProgressAt: steady[4].at,
			finishedAt: null
		});
		expect(stream.body.ratePerHour).toBeCloseTo(60_000, 6);
		// 992,000 rows left at 1,000 a minute from the last report; a steady stream has no band.
		const eta = now + 992 * MINUTE;
		expect(Date.parse(stream.body.eta)).toBeCloseTo(eta, -2);
		expect(stream.body.etaLow).toBe(stream.body.eta);
		expect(stream.body.etaHigh).toBe(stream.body.eta);
		expect(stream.body.history).toEqual(steady.map((r) => [Date.parse(r.at), r.done]));
		expect((await call('GET', T, tokens.viewer)).body.items).toEqual([stream.body]);
	});

	it('refuses bad reports with 4xx and a message, and changes nothing', async () => {
		const path = `${T}/customers/progress`;
		const before = await call('GET', `${T}/customers`, tokens.viewer);
		const report = (token: string, body: unknown) => call('POST', path, token, body);

		const negative = await report(tokens.operator, { done: -1 });
		expect(negative.status).toBe(400);
		expect(negative.body.error.message).toContain('done');
		const over = await report(tokens.operator, { done: 1_000_001 });
		expect(over.status).toBe(400);
		expect(over.body.error.message).toContain('total');
		const backwards = await report(tokens.owner, { done: 7000 });
		expect(backwards.status).toBe(409);
		expect(backwards.body.error.message).toContain('reset');
		const older = await report(tokens.owner, { done: 9000, at: iso(now - 5 * MINUTE) });
		expect(older.status).toBe(409);
		expect(older.body.error.message).toContain('reset');
		const future = await report(tokens.operator, { done: 9000, at: iso(Date.now() + HOUR) });
		expect(future.status).toBe(400);
		expect(future.body.error.message).toContain('future');
		const unknown = await call('POST', `${T}/orders/progress`, tokens.operator, { done: 1 });
		expect(unknown.status).toBe(404);
		expect(unknown.body.error.message).toContain('orders');
		const viewer = await report(tokens.viewer, { done: 9000 });
		expect(viewer.status).toBe(403);
		expect(viewer.body.error.code).toBe('forbidden');
		const revoked = await report('not-a-token', { done: 9000 });
		expect(revoked.status).toBe(401);
		expect(revoked.body.error.message).toContain('unknown or revoked');
		const raw = (headers: Record<string, string>, body: string) =>
			fetch(golive.base + path, {
				method: 'POST',
				headers: { authorization: `Bearer ${tokens.operator}`, ...headers },
				body
			});
		const notJson = await raw({ 'content-type': 'application/json' }, '{"done": 9000');
		expect(notJson.status).toBe(400);
		expect((await notJson.json()).error.message).toContain('not valid JSON');
		const form = await raw({ 'content-type': 'text/plain' }, '{"done": 9000}');
		expect(form.status).toBe(400);
		expect((await form.json()).error.message).toContain('application/json');
		expect(form.headers.get('x-content-type-options')).toBe('nosniff');
		const huge = await raw(
			{ 'content-type': 'application/json' },
			`{"done": 9000, "x": "${'x'.repeat(6e6)}"}`
		);
		expect(huge.status).toBe(413);

		expect(await call('GET', `${T}/customers`, tokens.viewer)).toEqual(before);
	});

	it("takes a report from a signed-in operator's session too, under the same rules", async () => {
		const cookie = await golive.sessionCookie('olli', OPERATOR_PASSWORD);
		const path = `${golive.base}${T}/customers/progress`;
		const send = (body: unknown) =>
			fetch(path, {
				method: 'POST',
				headers: { cookie, 'content-type': 'application/json' },
				body: JSON.stringify(body)
			});
		const before = (await call('GET', `${T}/customers`, tokens.viewer)).body.done;
		const backwards = await send({ done: before - 1 });
		expect(backwards.status).toBe(409);
		const ok = await send({ done: before + 500 });
		expect(ok.status).toBe(200);
		expect((await ok.json()).done).toBe(before + 500);
	});

	it('forecasts the window a few seconds after changes, with the stream on the driving path', async () => {
		// The boards hear of the reports in one coalesced event; the forecast follows it.
		const progressed = (a: Answer) =>
			(a.body.items as LoggedEvent[]).find(
				(e) => e.type === 'transfer.progressed' && e.data.transfers?.some((t) => t.done >= 8000)
			);
		const reported = progressed(await poll(`${C}/events?after=0`, (a) => !!progressed(a)));
		expect(reported).toBeDefined();
		const seq = reported!.seq;
		const first = await poll(`${C}/forecast`, (a) => a.body.forecast?.basedOnSeq >= seq);
		expect(first.status).toBe(200);
		expect(first.body.forecast?.basedOnSeq).toBeGreaterThanOrEqual(seq);
		const { forecast, history } = first.body;
		expect(forecast.windowEnd).toBe(iso(now + 25 * HOUR));
		expect(forecast.probability).toBeGreaterThanOrEqual(0);
		expect(forecast.probability).toBeLessThanOrEqual(1);
		// The check waits for the stream's ETA (about 16.5 hours away), then takes 30 minutes.
		const eta = Date.parse((await call('GET', `${T}/customers`, tokens.viewer)).body.eta);
		expect(Date.parse(forecast.projectedEnd)).toBeGreaterThanOrEqual(eta + 30 * MINUTE - MINUTE);
		expect(forecast.drivers).toContainEqual(
			expect.objectContaining({ kind: 'transfer', key: 'customers', name: 'Customer records' })
		);
		expect(history.at(-1)).toMatchObject({ seq: forecast.basedOnSeq, p50: Date.parse(forecast.p50) });

		// Twice the data: the ETA and the forecast move out.
		const patched = await call('PATCH', `${T}/customers`, tokens.operator, { total: 2_000_000 });
		expect(patched.status).toBe(200);
		const moved = await poll(`${C}/forecast`, (a) => a.body.forecast.basedOnSeq > forecast.basedOnSeq);
		expect(moved.body.forecast.basedOnSeq).toBeGreaterThan(forecast.basedOnSeq);
		expect(Date.parse(moved.body.forecast.projectedEnd)).toBeGreaterThan(Date.parse(forecast.projectedEnd));
		expect(moved.body.history.length).toBeGreaterThan(history.length);
	});
});
