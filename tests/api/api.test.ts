/** The JSON API through a real HTTP server: the production build on a fresh PGlite folder (see harness.ts). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from './harness';

const golive = new TestServer('golive-api-');
const cli = golive.cli.bind(golive);

let admin = '';
let viewer = '';

interface Answer {
	status: number;
	body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON under test
	headers: Headers;
}

async function call(
	method: string,
	path: string,
	options: {
		token?: string;
		json?: unknown;
		body?: string;
		type?: string;
		headers?: Record<string, string>;
	} = {}
): Promise<Answer> {
	const headers: Record<string, string> = { ...options.headers };
	if (options.token) headers.authorization = `Bearer ${options.token}`;
	let body = options.body;
	if (options.json !== undefined) body = JSON.stringify(options.json);
	if (body !== undefined) headers['content-type'] = options.type ?? 'application/json';
	const res = await fetch(golive.base + path, { method, headers, body });
	const text = await res.text();
	let parsed: unknown = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		// not JSON: keep the text
	}
	return { status: res.status, body: parsed, headers: res.headers };
}

const WINDOW = {
	timezone: 'Europe/Helsinki',
	windowStart: '2024-10-10T18:00:00+03:00',
	windowEnd: '2024-10-14T08:00:00+03:00'
};
const C = '/api/v1/cutovers/go-live';
const task = (key: string, extra: Record<string, unknown> = {}) => ({
	key,
	title: `Task ${key}`,
	phase: 'Move',
	owner: 'ops',
	durationMinutes: 30,
	...extra
});

beforeAll(async () => {
	// Users and tokens first, while no server holds the folder.
	const add = await cli(['user', 'add', '--username', 'ada', '--name', 'Ada Admin', '--role', 'admin'], {
		GOLIVE_PASSWORD: 'api-test-password-1'
	});
	expect(add.code, add.stderr).toBe(0);
	admin = await golive.tokenFor('api tests', 'admin');
	viewer = await golive.tokenFor('wall screen', 'viewer');

	await golive.start();
}, 600_000);

afterAll(() => golive.stop());

describe('the JSON API over HTTP', () => {
	it('answers health and the OpenAPI document without a token', async () => {
		const health = await call('GET', '/api/health');
		expect(health.status).toBe(200);
		expect(health.body).toMatchObject({ status: 'ok', database: 'pglite' });

		const doc = await call('GET', '/api/v1/openapi.json');
		expect(doc.status).toBe(200);
		expect(doc.body.openapi).toBe('3.1.0');
		expect(Object.keys(doc.body.paths)).toEqual(
			expect.arrayContaining([
				'/api/health',
				'/api/v1/cutovers',
				'/api/v1/cutovers/{slug}',
				'/api/v1/cutovers/{slug}/tasks',
				'/api/v1/cutovers/{slug}/tasks/{key}',
				'/api/v1/cutovers/{slug}/tasks/{key}/transition',
				'/api/v1/cutovers/{slug}/runbook',
				'/api/v1/cutovers/{slug}/events',
				'/api/v1/cutovers/{slug}/snapshot'
			])
		);
		expect(Object.keys(doc.body.components.securitySchemes)).toEqual(['bearerAuth', 'cookieAuth']);
		expect(doc.body.components.schemas.CreateCutoverInput.required).toEqual(
			expect.arrayContaining(['slug', 'name', 'timezone', 'windowStart', 'windowEnd'])
		);
		expect(doc.body['x-socket-io'].clientToServer['cutover:join'].payload.properties).toHaveProperty(
			'afterSeq'
		);
		expect(doc.body['x-socket-io'].serverToClient).toHaveProperty('cutover:event');
		// Every documented operation is served: without credentials each answers 401, and a public one 200
		// (or 400 to the empty body it was sent), never 404 or 405, which a route the document names but the
		// server lacks would get.
		type Operation = { security?: unknown[] };
		for (const [path, ops] of Object.entries(doc.body.paths as Record<string, Record<string, Operation>>))
			for (const [method, op] of Object.entries(ops)) {
				const answer = await call(method.toUpperCase(), path.replace(/\{(\w+)\}/g, 'x1'));
				const isPublic = Array.isArray(op.security) && op.security.length === 0;
				expect(isPublic ? [200, 400] : [401], `${method} ${path}`).toContain(answer.status);
			}
	});

	it('refuses requests without a valid token with 401', async () => {
		for (const token of [undefined, 'glv_not-a-real-token']) {
			const res = await call('GET', '/api/v1/cutovers', { token });
			expect(res.status).toBe(401);
			expect(res.body.error.code).toBe('unauthenticated');
		}
		const post = await call('POST', '/api/v1/cutovers', { json: { slug: 'x', name: 'x', ...WINDOW } });
		expect(post.status).toBe(401);
	});

	it('creates a cutover, lists it and reads it', async () => {
		const created = await call('POST', '/api/v1/cutovers', {
			token: admin,
			json: { slug: 'go-live', name: 'Go live', ...WINDOW }
		});
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({
			slug: 'go-live',
			name: 'Go live',
			timezone: 'Europe/Helsinki',
			windowStart: '2024-10-10T15:00:00.000Z',
			windowEnd: '2024-10-14T05:00:00.000Z',
			version: 1,
			lastSeq: 1
		});
		const again = await call('POST', '/api/v1/cutovers', {
			token: admin,
			json: { slug: 'go-live', name: 'Again', ...WINDOW }
		});
		expect(again.status).toBe(409);
		expect(again.body.error.message).toContain('go-live');

		const list = await call('GET', '/api/v1/cutovers', { token: viewer });
		expect(list.status).toBe(200);
		expect(list.body).toEqual({ items: [created.body], nextCursor: null });
		const one = await call('GET', C, { token: viewer });
		expect(one.body).toEqual(created.body);
	});

	it('answers 404 for what does not exist and 400 for path parameters that cannot exist', async () => {
		expect((await call('GET', '/api/v1/cutovers/no-such', { token: admin })).status).toBe(404);
		expect((await call('GET', `${C}/tasks/NOPE`, { token: admin })).status).toBe(404);
		const unknownPath = await call('GET', '/api/v1/nothing/here', { token: admin });
		expect(unknownPath.status).toBe(404);
		expect(unknownPath.body.error.code).toBe('not_found');

		const badSlug = await call('GET', '/api/v1/cutovers/Not%20A%20Slug', { token: admin });
		expect(badSlug.status).toBe(400);
		expect(badSlug.body.error.message).toMatch(/^slug: /);
		const badKey = await call('GET', `${C}/tasks/${encodeURIComponent('a key')}`, { token: admin });
		expect(badKey.status).toBe(400);
		expect(badKey.body.error.message).toMatch(/^key: /);
		// Percent-encoding that is not UTF-8 (or not percent-encoding at all) is a 400 in the API's shape too.
		for (const segment of ['%ZZ', '%ED%A0%80', '%FF', 'a%E0%A4%A']) {
			for (const path of [`/api/v1/cutovers/${segment}`, `${C}/tasks/${segment}`, `${C}/${segment}/x`]) {
				const res = await call('GET', path, { token: admin });
				expect(res.status, path).toBe(400);
				expect(res.body.error, path).toMatchObject({
					code: 'validation_failed',
					reason: 'errors.pathInvalid'
				});
			}
		}
	});

	it('answers a method a path does not take with 405 in the error shape, naming the ones it takes', async () => {
		for (const [method, path, allowed] of [
			['PUT', C, 'GET'],
			['DELETE', '/api/v1/cutovers', 'GET'],
			// `.` is resolved away: this is PUT on a cutover called "runbook", not on a runbook.
			['PUT', '/api/v1/cutovers/./runbook', 'PATCH']
		]) {
			const res = await call(method, path, { token: admin, json: {} });
			expect(res.status, `${method} ${path}`).toBe(405);
			expect(res.body.error, `${method} ${path}`).toMatchObject({
				code: 'method_not_allowed',
				reason: 'errors.methodNotAllowed',
				params: { method }
			});
			expect(res.headers.get('allow'), `${method} ${path}`).toContain(allowed);
		}
	});

	it("answers what Node's HTTP parser refuses in the error shape too (a URL over its 16 KB limit: 431)", async () => {
		const res = await call('GET', `/api/v1/cutovers?cursor=${'9'.repeat(20_000)}`, { token: admin });
		expect(res.status).toBe(431);
		expect(res.body.error).toMatchObject({ code: 'payload_too_large', reason: 'errors.headersTooLarge' });
	});

	it('refuses bad input with 400 naming the field, and changes nothing', async () => {
		const cases: [string, Parameters<typeof call>[2], RegExp][] = [
			['garbage JSON', { body: '{"slug": "x",', token: admin }, /not valid JSON/],
			[
				'a wrong content type',
				{ body: '<slug/>', type: 'application/xml', token: admin },
				/application\/json/
			],
			['no body', { token: admin, headers: { 'content-type': 'application/json' } }, /not valid JSON/],
			['an array', { json: [], token: admin }, /expected object/],
			[
				'wrong types',
				{ json: { slug: 'ok-slug', name: 42, ...WINDOW }, token: admin },
				/name: .*expected string/
			],
			[
				'an unknown field',
				{ json: { slug: 'ok-slug', name: 'X', ...WINDOW, color: 'red' }, token: admin },
				/color/
			],
			[
				'a time without offset',
				{ json: { slug: 'ok-slug', name: 'X', ...WINDOW, windowStart: '2024-10-10 18:00' }, token: admin },
				/windowStart: must be an ISO 8601 time/
			],
			[
				'a window that ends before it starts',
				{ json: { slug: 'ok-slug', name: 'X', ...WINDOW, windowEnd: '2024-10-01T00:00:00Z' }, token: admin },
				/windowEnd: must be after windowStart/
			],
			[
				'an unknown time zone',
				{ json: { slug: 'ok-slug', name: 'X', ...WINDOW, timezone: 'Mars/Olympus' }, token: admin },
				/timezone: /
			]
		];
		for (const [what, options, message] of cases) {
			const res = await call('POST', '/api/v1/cutovers', options);
			expect(res.status, what).toBe(400);
			expect(res.body.error.code, what).toBe('validation_failed');
			expect(res.body.error.message, what).toMatch(message);
		}
		const patch = await call('PATCH', C, { token: admin, json: { windowStart: 'soon', version: 3 } });
		expect(patch.status).toBe(400);
		expect(patch.body.error.details.map((d: { path: string }) => d.path)).toContain('windowStart');

		const list = await call('GET', '/api/v1/cutovers', { token: admin });
		expect(list.body.items.map((c: { slug: string }) => c.slug)).toEqual(['go-live']);
	});

	it('refuses a write with a form body as not JSON, in the error shape, whatever the credentials', async () => {
		for (const type of [
			'text/plain',
			'application/x-www-form-urlencoded',
			'Multipart/Form-Data; boundary=x'
		]) {
			for (const [method, path] of [
				['POST', '/api/v1/cutovers'],
				['PATCH', C],
				['PUT', `${C}/runbook`]
			]) {
				const res = await call(method, path, { token: admin, body: 'slug=x', type });
				expect(res.status, `${method} ${path} ${type}`).toBe(400);
				expect(res.body.error, `${method} ${path} ${type}`).toMatchObject({
					code: 'validation_failed',
					reason: 'errors.bodyNotJson'
				});
				expect(res.headers.get('x-content-type-options')).toBe('nosniff');
			}
			// A cross-site form with no credentials at all is refused the same way.
			const anonymous = await call('POST', '/api/v1/cutovers', { body: 'slug=x', type });
			expect(anonymous.status).toBe(400);
		}
		expect((await call('GET', '/api/v1/cutovers', { token: admin })).body.items).toHaveLength(1);
	});

	it('refuses an oversized body (over BODY_SIZE_LIMIT, 5M by default) with 413 in the error shape', async () => {
		const huge = { slug: 'huge', name: 'x'.repeat(6_000_000), ...WINDOW };
		const res = await call('POST', '/api/v1/cutovers', { token: admin, json: huge });
		expect(res.status).toBe(413);
		expect(res.body.error.code).toBe('payload_too_large');
		const runbook = await call('PUT', `${C}/runbook`, {
			token: admin,
			json: {
				phases: ['Move'],
				tasks: Array.from({ length: 6000 }, (_, i) => task(`T${i}`, { description: 'd'.repeat(1000) }))
			}
		});
		expect(runbook.status).toBe(413);
	});

	it('forbids a viewer token to change anything (403) but lets it read', async () => {
		const create = await call('POST', '/api/v1/cutovers', {
			token: viewer,
			json: { slug: 'other', name: 'Other', ...WINDOW }
		});
		expect(create.status).toBe(403);
		expect(create.body.error.code).toBe('forbidden');
		expect(
			(await call('PUT', `${C}/runbook`, { token: viewer, json: { phases: ['Move'], tasks: [] } })).status
		).toBe(403);
		expect((await call('GET', `${C}/snapshot`, { token: viewer })).status).toBe(200);
	});

	it('loads a runbook, refusing unknown dependencies by name, and pages tasks in order', async () => {
		const bad = await call('PUT', `${C}/runbook`, {
			token: admin,
			json: {
				phases: ['Prep', 'Move'],
				tasks: [task('A', { phase: 'Prep' }), task('B', { dependsOn: ['A', 'GHOST'] })]
			}
		});
		expect(bad.status).toBe(400);
		expect(bad.body.error.message).toContain('GHOST');

		const tasks = [
			task('A', { phase: 'Prep' }),
			task('B', { dependsOn: ['A'] }),
			task('C', { dependsOn: ['B'] }),
			task('D', { dependsOn: ['B'] }),
			task('E', { dependsOn: ['C', 'D'] })
		];
		const loaded = await call('PUT', `${C}/runbook`, {
			token: admin,
			json: { phases: ['Prep', 'Move'], tasks }
		});
		expect(loaded.status).toBe(200);
		expect(loaded.body).toEqual({ phases: 2, tasks: 5 });

		const keys: string[] = [];
		let cursor: string | null = null;
		let pages = 0;
		do {
			const res: Answer = await call('GET', `${C}/tasks?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
				token: viewer
			});
			expect(res.status).toBe(200);
			expect(res.body.items.length).toBeLessThanOrEqual(2);
			keys.push(...res.body.items.map((t: { key: string }) => t.key));
			cursor = res.body.nextCursor;
			pages++;
		} while (cursor);
		expect(keys).toEqual(['A', 'B', 'C', 'D', 'E']);
		expect(pages).toBe(3);
		expect((await call('GET', `${C}/tasks?cursor=garbage`, { token: viewer })).status).toBe(400);
		expect((await call('GET', `${C}/tasks?limit=0`, { token: viewer })).status).toBe(400);
	});

	it('moves tasks: legal moves succeed, illegal ones get 409 with the current task', async () => {
		const start = await call('POST', `${C}/tasks/A/transition`, {
			token: admin,
			json: { to: 'in_progress', note: 'go' }
		});
		expect(start.status).toBe(200);
		expect(start.body).toMatchObject({ key: 'A', status: 'in_progress', lastNote: 'go', version: 2 });
		expect(start.body.actualStart).not.toBeNull();

		const illegal = await call('POST', `${C}/tasks/A/transition`, { token: admin, json: { to: 'skipped' } });
		expect(illegal.status).toBe(409);
		expect(illegal.body.error.code).toBe('conflict');
		expect(illegal.body.error.details.task).toMatchObject({ key: 'A', status: 'in_progress', version: 2 });

		const waiting = await call('POST', `${C}/tasks/B/transition`, {
			token: admin,
			json: { to: 'in_progress' }
		});
		expect(waiting.status).toBe(409);
		expect(waiting.body.error.message).toContain('A');

		const stale = await call('POST', `${C}/tasks/A/transition`, {
			token: admin,
			json: { to: 'done', expectedVersion: 1 }
		});
		expect(stale.status).toBe(409);
		expect(stale.body.error.details.task.version).toBe(2);

		const badStatus = await call('POST', `${C}/tasks/A/transition`, {
			token: admin,
			json: { to: 'finished' }
		});
		expect(badStatus.status).toBe(400);
		expect(badStatus.body.error.message).toMatch(/^to: /);

		const byViewer = await call('POST', `${C}/tasks/A/transition`, { token: viewer, json: { to: 'done' } });
		expect(byViewer.status).toBe(403);

		const done = await call('POST', `${C}/tasks/A/transition`, {
			token: admin,
			json: { to: 'done', expectedVersion: 2 }
		});
		expect(done.status).toBe(200);
		expect(done.body.status).toBe('done');
	});

	it('answers a move from a script: bad bodies, unknown tokens, headers', async () => {
		const notJson = await call('POST', `${C}/tasks/C/transition`, { token: admin, body: '{"to": "in_pro' });
		expect(notJson.status).toBe(400);
		expect(notJson.body.error.code).toBe('validation_failed');
		const text = await call('POST', `${C}/tasks/C/transition`, {
			token: admin,
			body: '{"to":"in_progress"}',
			type: 'text/plain'
		});
		expect(text.status).toBe(400);
		expect(text.body.error.message).toContain('application/json');
		expect(text.headers.get('x-content-type-options')).toBe('nosniff');
		const unknown = await call('POST', `${C}/tasks/C/transition`, {
			token: 'glv_not-a-token',
			json: { to: 'in_progress' }
		});
		expect(unknown.status).toBe(401);
		const missing = await call('POST', `${C}/tasks/NOPE/transition`, {
			token: admin,
			json: { to: 'in_progress' }
		});
		expect(missing.status).toBe(404);
		expect(missing.body.error.reason).toBe('errors.taskNotFound');
		// Nothing moved.
		const c = await call('GET', `${C}/tasks/C`, { token: viewer });
		expect(c.body).toMatchObject({ status: 'not_started', version: 1 });
	});

	it('applies a POST with an Idempotency-Key once and answers a retry with the first answer', async () => {
		const key = { 'Idempotency-Key': 'create-F-1' };
		const first = await call('POST', `${C}/tasks`, {
			token: admin,
			json: task('F', { dependsOn: ['E'] }),
			headers: key
		});
		expect(first.status).toBe(201);
		const retry = await call('POST', `${C}/tasks`, {
			token: admin,
			json: task('F', { dependsOn: ['E'] }),
			headers: key
		});
		expect(retry.status).toBe(201);
		expect(retry.body).toEqual(first.body);
		expect(retry.headers.get('idempotent-replayed')).toBe('true');
		const all = await call('GET', `${C}/tasks`, { token: admin });
		expect(all.body.items.filter((t: { key: string }) => t.key === 'F')).toHaveLength(1);

		// The same key for another request is a client error; another principal has its own keys.
		const reused = await call('POST', `${C}/tasks`, { token: admin, json: task('G'), headers: key });
		expect(reused.status).toBe(400);
		expect(reused.body.error.message).toContain('Idempotency-Key');
		const tooLong = await call('POST', `${C}/tasks`, {
			token: admin,
			json: task('G'),
			headers: { 'Idempotency-Key': 'k'.repeat(201) }
		});
		expect(tooLong.status).toBe(400);

		// A transition retried after a lost answer is not applied twice.
		const move = { 'Idempotency-Key': 'start-B' };
		const before = (await call('GET', C, { token: admin })).body.lastSeq;
		const moved = await call('POST', `${C}/tasks/B/transition`, {
			token: admin,
			json: { to: 'in_progress' },
			headers: move
		});
		const movedAgain = await call('POST', `${C}/tasks/B/transition`, {
			token: admin,
			json: { to: 'in_progress' },
			headers: move
		});
		expect(moved.status).toBe(200);
		expect(movedAgain.status).toBe(200);
		expect(movedAgain.body).toEqual(moved.body);
		expect((await call('GET', C, { token: admin })).body.lastSeq).toBe(before + 1);

		// Two copies sent at once: one is applied, the other waits its turn (409) or gets the stored answer.
		const twin = { 'Idempotency-Key': 'create-G-twice' };
		const both = await Promise.all(
			[1, 2].map(() => call('POST', `${C}/tasks`, { token: admin, json: task('G'), headers: twin }))
		);
		expect(both.map((r) => r.status).sort()).toSatisfy(
			(s: number[]) => s[0] === 201 && (s[1] === 201 || s[1] === 409)
		);
		const afterTwins = await call('GET', `${C}/tasks`, { token: admin });
		expect(afterTwins.body.items.filter((t: { key: string }) => t.key === 'G')).toHaveLength(1);

		// A failed request stores nothing: fixing it and retrying with the same key runs it.
		const fix = { 'Idempotency-Key': 'create-H' };
		expect(
			(
				await call('POST', `${C}/tasks`, {
					token: admin,
					json: task('H', { dependsOn: ['NOPE'] }),
					headers: fix
				})
			).status
		).toBe(400);
		expect(
			(
				await call('POST', `${C}/tasks`, {
					token: admin,
					json: task('H', { dependsOn: ['NOPE'] }),
					headers: fix
				})
			).status
		).toBe(400);
	});

	it('edits planned fields with PATCH and optimistic concurrency', async () => {
		const edited = await call('PATCH', `${C}/tasks/C`, {
			token: admin,
			json: { title: 'Copy the data', durationMinutes: 90 }
		});
		expect(edited.status).toBe(200);
		expect(edited.body).toMatchObject({ title: 'Copy the data', durationMinutes: 90, version: 2 });
		const stale = await call('PATCH', `${C}/tasks/C`, {
			token: admin,
			json: { title: 'Old', expectedVersion: 1 }
		});
		expect(stale.status).toBe(409);
		expect(stale.body.error.details.task.title).toBe('Copy the data');
		const cycle = await call('PATCH', `${C}/tasks/A`, { token: admin, json: { dependsOn: ['E'] } });
		expect(cycle.status).toBe(400);
		expect(cycle.body.error.message).toMatch(/cycle/i);
		const cutover = await call('PATCH', C, {
			token: admin,
			json: { name: 'Go live weekend', expectedVersion: 1 }
		});
		expect(cutover.status).toBe(200);
		expect(cutover.body).toMatchObject({ name: 'Go live weekend', version: 2 });
	});

	it('reads the event log after a seq, in seq order, a page at a time', async () => {
		const all = await call('GET', `${C}/events`, { token: viewer });
		expect(all.status).toBe(200);
		const seqs = all.body.items.map((e: { seq: number }) => e.seq);
		expect(seqs[0]).toBe(1);
		expect(seqs).toEqual(seqs.map((_: number, i: number) => i + 1));
		expect(all.body.lastSeq).toBe(seqs.at(-1));
		expect(all.body.items[0]).toMatchObject({ type: 'cutover.created', actor: { name: 'token api tests' } });
		expect(all.body.items.map((e: { type: string }) => e.type)).toContain('task.transitioned');

		const page = await call('GET', `${C}/events?after=3&limit=2`, { token: viewer });
		expect(page.body.items.map((e: { seq: number }) => e.seq)).toEqual([4, 5]);
		expect(page.body.lastSeq).toBe(all.body.lastSeq);
		const none = await call('GET', `${C}/events?after=${all.body.lastSeq}`, { token: viewer });
		expect(none.body.items).toEqual([]);
		expect((await call('GET', `${C}/events?after=-1`, { token: viewer })).status).toBe(400);
		expect((await call('GET', `${C}/events?after=abc`, { token: viewer })).status).toBe(400);

		const snapshot = await call('GET', `${C}/snapshot`, { token: viewer });
		expect(snapshot.body.seq).toBe(all.body.lastSeq);
		expect(snapshot.body.phases.map((p: { name: string }) => p.name)).toEqual(['Prep', 'Move']);
		expect(snapshot.body.tasks.map((t: { key: string }) => t.key)).toEqual([
			'A',
			'B',
			'C',
			'D',
			'E',
			'F',
			'G'
		]);
	});
	it('refuses a control character in any text, path or query with a 400 naming it, never a 500', async () => {
		const { lastSeq } = (await call('GET', C, { token: admin })).body;
		const refused = (res: Answer, field: string) => {
			expect(res.status, field).toBe(400);
			expect(res.body.error.code, field).toBe('validation_failed');
			expect(res.body.error.message, field).toMatch(
				new RegExp(`^${field}: must not contain control characters`)
			);
		};
		const name = 'Go\u0000live';
		refused(
			await call('POST', '/api/v1/cutovers', { token: admin, json: { slug: 'nul', name, ...WINDOW } }),
			'name'
		);
		refused(await call('PATCH', C, { token: admin, json: { name } }), 'name');
		refused(
			await call('PATCH', `${C}/tasks/C`, { token: admin, json: { description: 'Step\n\u0000' } }),
			'description'
		);
		// A move with a note, with and without an Idempotency-Key.
		const move = { to: 'in_progress', note: 'started\u0000', force: true };
		refused(await call('POST', `${C}/tasks/C/transition`, { token: admin, json: move }), 'note');
		refused(
			await call('POST', `${C}/tasks/C/transition`, {
				token: admin,
				json: move,
				headers: { 'Idempotency-Key': 'nul-note-1' }
			}),
			'note'
		);
		expect((await call('GET', C, { token: admin })).body.lastSeq).toBe(lastSeq);

		// Pages hand their path to the services as it is: a NUL there, or in a query value, stops at the door.
		const cookie = await golive.sessionCookie('ada', 'api-test-password-1');
		for (const path of ['/c/go%00live', '/c/go-live/decisions/GO%001', '/c/go-live/runbook?edit=A%00']) {
			const res = await fetch(golive.base + path, { headers: { cookie }, redirect: 'manual' });
			expect(res.status, path).toBe(400);
			expect((await res.json()).error.message, path).toMatch(/must not contain control characters/);
		}
		// A redirect target is not refused but kept on this site: the signed-in user simply goes home.
		const home = await fetch(`${golive.base}/login?next=/c/%00`, { headers: { cookie }, redirect: 'manual' });
		expect(home.status).toBe(303);
		expect(home.headers.get('location')).toBe('/');
	});
});

describe('reads a crowd makes at the opening', () => {
	const R = '/api/v1/cutovers/reads';
	beforeAll(async () => {
		const created = await call('POST', '/api/v1/cutovers', {
			token: admin,
			json: { slug: 'reads', name: 'Reads <b>at scale</b>', ...WINDOW }
		});
		expect(created.status).toBe(201);
		const tasks = Array.from({ length: 300 }, (_, i) =>
			task(`R${i}`, { description: `Step ${i} of the move` })
		);
		expect(
			(await call('PUT', `${R}/runbook`, { token: admin, json: { phases: ['Move'], tasks } })).status
		).toBe(200);
	});

	it('sends API answers compressed as the client asks (br or gzip), and plain to a client that does not', async () => {
		const headers = { authorization: `Bearer ${admin}` };
		const plain = await golive.raw('GET', `${R}/snapshot`, { headers });
		expect(plain.status).toBe(200);
		expect(plain.headers.get('content-encoding')).toBeNull();
		expect(plain.body.tasks).toHaveLength(300);
		for (const [encoding, decode] of [
			['br', brotliDecompressSync],
			['gzip', gunzipSync]
		] as const) {
			const packed = await golive.raw('GET', `${R}/snapshot`, {
				headers: { ...headers, 'accept-encoding': encoding }
			});
			expect(packed.headers.get('content-encoding'), encoding).toBe(encoding);
			expect(packed.headers.get('vary')).toMatch(/accept-encoding/i);
			expect(JSON.parse(decode(packed.bytes!).toString('utf8'))).toEqual(plain.body);
			expect(packed.bytes!.length, encoding).toBeLessThan(plain.bytes!.length / 4);
		}
	});

	it('answers a repeated read of an unchanged board or cutover with 304, and a changed one in full', async () => {
		for (const path of [`${R}/snapshot`, R]) {
			const first = await call('GET', path, { token: admin });
			expect(first.status, path).toBe(200);
			const tag = first.headers.get('etag')!;
			expect(tag, path).toMatch(/^W\/".+"$/);
			expect(first.headers.get('cache-control'), path).toBe('private, no-cache');
			const again = await golive.raw('GET', path, {
				headers: { authorization: `Bearer ${admin}`, 'if-none-match': tag }
			});
			expect(again.status, path).toBe(304);
			expect(again.text, path).toBe('');
			expect(again.headers.get('etag'), path).toBe(tag);
			// Someone else's tag, or none, is answered in full.
			const other = await call('GET', path, { token: admin, headers: { 'if-none-match': 'W/"other"' } });
			expect(other.status, path).toBe(200);
		}
		const before = await call('GET', `${R}/snapshot`, { token: admin });
		const moved = await call('POST', `${R}/tasks/R0/transition`, {
			token: admin,
			json: { to: 'in_progress' }
		});
		expect(moved.status).toBe(200);
		const after = await call('GET', `${R}/snapshot`, {
			token: admin,
			headers: { 'if-none-match': before.headers.get('etag')! }
		});
		expect(after.status).toBe(200);
		expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
		expect(after.body.seq).toBeGreaterThan(before.body.seq);
		expect(after.body.tasks.find((t: { key: string }) => t.key === 'R0').status).toBe('in_progress');
		// Without credentials a known tag gets no 304: access is checked first.
		const anonymous = await golive.raw('GET', `${R}/snapshot`, {
			headers: { 'if-none-match': after.headers.get('etag')! }
		});
		expect(anonymous.status).toBe(401);
	});

	it('sends the board page compressed, with the user’s text still inert', async () => {
		const cookie = await golive.sessionCookie('ada', 'api-test-password-1');
		const page = await golive.raw('GET', '/c/reads', { headers: { cookie, 'accept-encoding': 'gzip, br' } });
		expect(page.status).toBe(200);
		expect(page.headers.get('content-encoding')).toBe('br');
		const html = brotliDecompressSync(page.bytes!).toString('utf8');
		expect(html).toContain('R299');
		expect(html).not.toContain('<b>at scale</b>');
	});

	it('answers health to anyone, whatever credentials come with it, and never from a cache', async () => {
		for (const authorization of [undefined, 'Bearer glv_not-a-token', 'Basic cm9vdDpwYXNz']) {
			const res = await golive.raw('GET', '/api/health', {
				headers: authorization ? { authorization } : {}
			});
			expect(res.status, String(authorization)).toBe(200);
			expect(res.body).toMatchObject({ status: 'ok', database: 'pglite' });
			expect(res.headers.get('cache-control')).toBe('no-store');
		}
		const head = await golive.raw('HEAD', '/api/health');
		expect(head.status).toBe(200);
		expect(head.text).toBe('');
	});
});

describe('the admin CLI beside a running server', () => {
	it('refuses to open the embedded database the server holds, naming the process', async () => {
		const run = await cli(['user', 'list']);
		expect(run.code).toBe(1);
		expect(run.stderr).toContain(`is in use by process ${golive.process.pid}`);
		expect(run.stderr).toContain('DATABASE_URL');
	});

	it('refuses bad arguments with exit code 2 and a message naming the option, before opening anything', async () => {
		const weak = await cli([
			'user',
			'add',
			'--username',
			'bob',
			'--name',
			'Bob',
			'--role',
			'operator',
			'--password',
			'short'
		]);
		expect(weak.code).toBe(2);
		expect(weak.stderr).toContain('--password: must be at least 10 characters');
		const role = await cli(['token', 'create', '--name', 'x', '--role', 'boss']);
		expect(role.code).toBe(2);
		expect(role.stderr).toContain('--role');
		const unknown = await cli(['user', 'remove']);
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toContain('unknown command');
	});

	it('releases the folder when the server stops, so the CLI can open it', async () => {
		golive.process.kill('SIGTERM');
		const code = await new Promise((r) => golive.process.once('exit', (c) => r(c)));
		expect(code).toBe(0);
		expect(existsSync(join(golive.dataDir, 'golive.lock'))).toBe(false);
		const list = await cli(['token', 'list', '--json']);
		expect(list.code, list.stderr).toBe(0);
		const tokens = JSON.parse(list.stdout);
		expect(tokens.map((t: { name: string }) => t.name)).toEqual(['api tests', 'wall screen']);
		expect(tokens[0].lastUsedAt).not.toBeNull();
	});
});
