import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutoverCreateInput } from '../../shared/schemas/runbook';
import type { App } from '../app';
import { systemActor } from '../auth/actor';
import { createCutover, listCutovers } from '../runbook/cutover.service';
import { openDatabase, type Database } from './client';
import { createPostgresDatabase, postgresReachable, testDatabases } from './test-db';

const countMigrations = async (app: { db: Database['db'] }) => {
	const result = await app.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
	const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { n: number }[];
	return rows[0].n;
};

describe.each(testDatabases())('migrations on $kind', (database) => {
	let app: App;
	beforeAll(async () => {
		app = await database.open();
	});
	afterAll(() => database.close());

	it('applies every migration once; applying them again changes nothing', async () => {
		const applied = await countMigrations(app);
		expect(applied).toBeGreaterThan(0);
		await createCutover(
			app,
			systemActor('test'),
			cutoverCreateInput.parse({
				slug: 'kept',
				name: 'Kept',
				timezone: 'UTC',
				windowStart: '2030-01-01T00:00:00Z',
				windowEnd: '2030-01-02T00:00:00Z'
			})
		);
		await app.database.migrate();
		await app.database.migrate();
		expect(await countMigrations(app)).toBe(applied);
		expect((await listCutovers(app, systemActor('test'))).map((c) => c.slug)).toEqual(['kept']);
	});
});

describe.runIf(postgresReachable())('migrations on a fresh PostgreSQL database', () => {
	it('lets two instances migrate at once (the advisory lock serializes them)', async () => {
		const fresh = await createPostgresDatabase();
		const opened: Database[] = [];
		try {
			for (let i = 0; i < 3; i++) opened.push(await openDatabase({ url: fresh.url }));
			const results = await Promise.allSettled(opened.map((d) => d.migrate()));
			expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual([
				'ok',
				'ok',
				'ok'
			]);
			const counts = await Promise.all(opened.map((d) => countMigrations(d)));
			expect(new Set(counts).size).toBe(1);
			expect(counts[0]).toBeGreaterThan(0);
		} finally {
			await Promise.all(opened.map((d) => d.close()));
			await fresh.drop();
		}
	});
});
