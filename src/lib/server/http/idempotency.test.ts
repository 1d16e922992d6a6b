import { json, type RequestEvent } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app';
import type { Actor } from '../auth/actor';
import { idempotencyKeys } from '../db/schema';
import { testDatabases } from '../db/test-db';
import { ConflictError, ValidationError } from '../errors';
import { idempotent } from './idempotency';

const actor = (id: string): Actor => ({
	kind: 'token',
	id,
	name: `token ${id}`,
	role: 'operator',
	username: null,
	team: null,
	cutoverId: null
});
const ALICE = actor('00000000-0000-4000-8000-000000000001');
const BOB = actor('00000000-0000-4000-8000-000000000002');

describe.each(testDatabases())('Idempotency-Key on $kind', (database) => {
	let app: App;
	beforeAll(async () => {
		app = await database.open();
	});
	afterAll(() => database.close());

	const event = (key: string | null, body: unknown, path = '/api/v1/cutovers/x/tasks') => {
		const headers: Record<string, string> = { 'content-type': 'application/json' };
		if (key !== null) headers['Idempotency-Key'] = key;
		const url = new URL(`http://golive.test${path}`);
		const request = new Request(url, { method: 'POST', headers, body: JSON.stringify(body) });
		return { request, url, locals: { app } } as unknown as RequestEvent;
	};

	/** A handler that counts its runs and answers 201 with the run number. */
	const counter = (status = 201, delayMs = 0) => {
		let runs = 0;
		const run = async () => {
			runs++;
			if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
			return json({ run: runs }, { status });
		};
		return { run, runs: () => runs };
	};

	it('runs every request that has no key', async () => {
		const h = counter();
		await idempotent(event(null, { a: 1 }), ALICE, h.run);
		await idempotent(event(null, { a: 1 }), ALICE, h.run);
		expect(h.runs()).toBe(2);
	});

	it('applies a keyed request once and answers the retry with the stored status and body', async () => {
		const h = counter();
		const first = await idempotent(event('k-once', { a: 1 }), ALICE, h.run);
		const retry = await idempotent(event('k-once', { a: 1 }), ALICE, h.run);
		expect(h.runs()).toBe(1);
		expect(retry.status).toBe(201);
		expect(await retry.text()).toBe(await first.text());
		expect(retry.headers.get('Idempotent-Replayed')).toBe('true');
		expect(first.headers.get('Idempotent-Replayed')).toBeNull();
	});

	it('keeps keys per principal', async () => {
		const h = counter();
		await idempotent(event('k-shared', { a: 1 }), ALICE, h.run);
		await idempotent(event('k-shared', { a: 1 }), BOB, h.run);
		expect(h.runs()).toBe(2);
	});

	it('refuses the same key for a different body or path', async () => {
		const h = counter();
		await idempotent(event('k-reuse', { a: 1 }), ALICE, h.run);
		await expect(idempotent(event('k-reuse', { a: 2 }), ALICE, h.run)).rejects.toThrow(ValidationError);
		await expect(idempotent(event('k-reuse', { a: 1 }, '/api/v1/cutovers'), ALICE, h.run)).rejects.toThrow(
			/different request/
		);
		expect(h.runs()).toBe(1);
	});

	it('refuses a key that is too long or not printable', async () => {
		const h = counter();
		await expect(idempotent(event('k'.repeat(201), {}), ALICE, h.run)).rejects.toThrow(/at most 200/);
		await expect(idempotent(event('has space', {}), ALICE, h.run)).rejects.toThrow(ValidationError);
		expect(h.runs()).toBe(0);
	});

	it('stores nothing for a failed request, so its retry runs again', async () => {
		const failing = counter(409);
		expect((await idempotent(event('k-fail', { a: 1 }), ALICE, failing.run)).status).toBe(409);
		expect((await idempotent(event('k-fail', { a: 1 }), ALICE, failing.run)).status).toBe(409);
		expect(failing.runs()).toBe(2);
		let thrown = 0;
		const throwing = async (): Promise<Response> => {
			thrown++;
			throw new ConflictError('no');
		};
		await expect(idempotent(event('k-throw', {}), ALICE, throwing)).rejects.toThrow(ConflictError);
		await expect(idempotent(event('k-throw', {}), ALICE, throwing)).rejects.toThrow(ConflictError);
		expect(thrown).toBe(2);
	});

	it('answers 409 to a copy that arrives while the first is still running', async () => {
		const h = counter(201, 300);
		const results = await Promise.allSettled([
			idempotent(event('k-race', { a: 1 }), ALICE, h.run),
			idempotent(event('k-race', { a: 1 }), ALICE, h.run)
		]);
		expect(h.runs()).toBe(1);
		expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
		const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect(rejected.reason).toBeInstanceOf(ConflictError);
	});

	it('takes over a claim left unfinished by a dead process, and forgets answers after a day', async () => {
		const h = counter();
		// The first request claims the key and never finishes, as if its process had died.
		void idempotent(event('k-stale', { a: 1 }), ALICE, () => new Promise<Response>(() => {}));
		await expect
			.poll(async () => (await app.db.select().from(idempotencyKeys)).some((r) => r.key === 'k-stale'))
			.toBe(true);
		await expect(idempotent(event('k-stale', { a: 1 }), ALICE, h.run)).rejects.toThrow(
			/still being processed/
		);
		await app.db.execute(
			sql`update idempotency_keys set created_at = now() - interval '10 minutes' where key = 'k-stale'`
		);
		expect((await idempotent(event('k-stale', { a: 1 }), ALICE, h.run)).status).toBe(201);
		expect(h.runs()).toBe(1);

		await idempotent(event('k-old', { a: 1 }), ALICE, h.run);
		await app.db.execute(
			sql`update idempotency_keys set created_at = now() - interval '25 hours' where key = 'k-old'`
		);
		await idempotent(event('k-old', { a: 1 }), ALICE, h.run);
		expect(h.runs()).toBe(3);
	});
});
