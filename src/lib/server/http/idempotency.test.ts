import { createHash } from 'node:crypto';
import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app';
import type { Ctx } from '../context';
import { events } from '../db/schema';
import { testDatabases } from '../db/test-db';
import { ConflictError, ValidationError } from '../errors';
import { writeCutover } from '../events/event.service';
import { testActor, testCutover } from '../testing';
import { RawReply } from './endpoint';
import { idempotent, type KeyedRequest } from './idempotency';

const actor = (id: string) => testActor('operator', { kind: 'token', id, name: `token ${id}` });
const ALICE = actor('00000000-0000-4000-8000-000000000001');
const BOB = actor('00000000-0000-4000-8000-000000000002');

describe.each(testDatabases())('Idempotency-Key on $kind', (database) => {
	let app: App;
	let cutoverId: string;
	beforeAll(async () => {
		app = await database.open();
		const cutover = await testCutover(app, {
			slug: 'keys',
			windowStart: '2030-01-01T00:00:00Z',
			windowEnd: '2030-01-02T00:00:00Z'
		});
		cutoverId = cutover.id;
	});
	afterAll(() => database.close());

	const request = (key: string, body: unknown, path = '/api/v1/cutovers/keys/tasks'): KeyedRequest => ({
		key,
		method: 'POST',
		path,
		body: JSON.stringify(body)
	});

	/** How many changes were applied: each run of `write` appends one event to the cutover's log. */
	const applied = async () => {
		const [{ n }] = await app.db
			.select({ n: count() })
			.from(events)
			.where(and(eq(events.cutoverId, cutoverId), eq(events.type, 'cutover.updated')));
		return n;
	};

	/** A write through the one write path, answering 201 with the seq it committed. */
	const write =
		(status = 201, { fail = false } = {}) =>
		async (ctx: Ctx): Promise<RawReply> => {
			const { events } = await writeCutover(ctx, ALICE, cutoverId, async (w) => {
				w.record('cutover.updated', { cutover: {} as never, changed: [] });
			});
			if (fail) throw new ConflictError('refused after the change');
			return new RawReply(status, { 'content-type': 'application/json' }, JSON.stringify(events[0].seq));
		};

	it('applies a keyed write once and answers the retry with the stored status and body', async () => {
		const before = await applied();
		const first = await idempotent(app, ALICE, request('k-once', { a: 1 }), write());
		const retry = await idempotent(app, ALICE, request('k-once', { a: 1 }), write());
		expect(await applied()).toBe(before + 1);
		expect(retry.status).toBe(201);
		expect(retry.body).toBe(first.body);
		expect(retry.headers['idempotent-replayed']).toBe('true');
		expect(first.headers['idempotent-replayed']).toBeUndefined();
	});

	it('keeps keys per principal', async () => {
		const before = await applied();
		await idempotent(app, ALICE, request('k-shared', { a: 1 }), write());
		await idempotent(app, BOB, request('k-shared', { a: 1 }), write());
		expect(await applied()).toBe(before + 2);
	});

	it('refuses the same key for a different body or path', async () => {
		const before = await applied();
		await idempotent(app, ALICE, request('k-reuse', { a: 1 }), write());
		await expect(idempotent(app, ALICE, request('k-reuse', { a: 2 }), write())).rejects.toThrow(
			ValidationError
		);
		await expect(
			idempotent(app, ALICE, request('k-reuse', { a: 1 }, '/api/v1/cutovers'), write())
		).rejects.toThrow(/different request/);
		expect(await applied()).toBe(before + 1);
	});

	it('refuses a key that is too long or not printable', async () => {
		const before = await applied();
		await expect(idempotent(app, ALICE, request('k'.repeat(201), {}), write())).rejects.toThrow(
			/at most 200/
		);
		await expect(idempotent(app, ALICE, request('has space', {}), write())).rejects.toThrow(ValidationError);
		expect(await applied()).toBe(before);
	});

	it('stores nothing for a request refused before it changed anything, so its retry runs again', async () => {
		let runs = 0;
		const refused = async (): Promise<RawReply> => {
			runs++;
			throw new ConflictError('no');
		};
		await expect(idempotent(app, ALICE, request('k-refused', {}), refused)).rejects.toThrow(ConflictError);
		await expect(idempotent(app, ALICE, request('k-refused', {}), refused)).rejects.toThrow(ConflictError);
		expect(runs).toBe(2);
	});

	it('keeps the refusal of a request that changed something, so its retry does not apply it again', async () => {
		const before = await applied();
		await expect(idempotent(app, ALICE, request('k-half', {}), write(201, { fail: true }))).rejects.toThrow(
			ConflictError
		);
		const retry = await idempotent(app, ALICE, request('k-half', {}), write());
		expect(retry.status).toBe(409);
		expect(JSON.parse(String(retry.body)).error.message).toBe('refused after the change');
		expect(await applied()).toBe(before + 1);
	});

	it('applies copies sent at the same time once, and gives each the same answer', async () => {
		const before = await applied();
		const answers = await Promise.all(
			[1, 2, 3].map(() => idempotent(app, ALICE, request('k-race', { a: 1 }), write()))
		);
		expect(await applied()).toBe(before + 1);
		expect(new Set(answers.map((a) => a.body)).size).toBe(1);
		expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(2);
	});

	it('says so when a change was applied but its answer was never stored, and forgets keys after a day', async () => {
		// The key committed with its change, and the process died before storing the answer.
		const stored = JSON.stringify({ request: fingerprint(request('k-lost', {})) });
		await app.db.execute(
			sql`insert into idempotency_keys (principal, key, status, body, created_at)
			    values (${`token:${ALICE.id}`}, 'k-lost', 0, ${stored}::jsonb, now() - interval '10 minutes')`
		);
		await expect(idempotent(app, ALICE, request('k-lost', {}), write())).rejects.toThrow(/not kept/);

		const before = await applied();
		await idempotent(app, ALICE, request('k-old', { a: 1 }), write());
		await app.db.execute(
			sql`update idempotency_keys set created_at = now() - interval '25 hours' where key = 'k-old'`
		);
		await idempotent(app, ALICE, request('k-old', { a: 1 }), write());
		expect(await applied()).toBe(before + 2);
	});
});

const fingerprint = (r: KeyedRequest) =>
	createHash('sha256').update(`${r.method} ${r.path}\n${r.body}`).digest('hex');
