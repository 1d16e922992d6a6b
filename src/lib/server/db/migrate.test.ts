import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../app';
import { listCutovers } from '../runbook/cutover-lookup';
import { testAdmin, testCutover } from '../testing';
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
		await testCutover(app, {
			slug: 'kept',
			timezone: 'UTC',
			windowStart: '2030-01-01T00:00:00Z',
			windowEnd: '2030-01-02T00:00:00Z'
		});
		await app.database.migrate();
		await app.database.migrate();
		expect(await countMigrations(app)).toBe(applied);
		expect((await listCutovers(app, testAdmin)).map((c) => c.slug)).toEqual(['kept']);
	});

	it('refuses a role or a status the code does not know, whoever writes it', async () => {
		const refused = async (statement: ReturnType<typeof sql>) => {
			const err = await app.db.execute(statement).then(
				() => null,
				(e: unknown) => e as { code?: string; cause?: { code?: string } }
			);
			// 23514: check_violation (the drivers put the code on the error or on its cause).
			return err?.code ?? err?.cause?.code ?? null;
		};
		const user = (name: string, role: string) =>
			sql`insert into users (username, display_name, role) values (${name}, ${name}, ${role})`;
		expect(await refused(user('mallory', 'root'))).toBe('23514');
		expect(await refused(user('olga', 'operator'))).toBeNull();
		const token = (name: string, role: string) =>
			sql`insert into api_tokens (name, token_hash, role) values (${name}, ${name}, ${role})`;
		expect(await refused(token('t1', 'superuser'))).toBe('23514');
		expect(await refused(token('t2', 'viewer'))).toBeNull();
		const task = (status: string) => sql`
			with p as (
				insert into phases (cutover_id, name, position)
				select id, ${'Phase ' + status}, 0 from cutovers where slug = 'kept'
				returning id, cutover_id
			)
			insert into tasks (cutover_id, phase_id, key, title, owner, duration_minutes, position, status)
			select cutover_id, id, ${'T-' + status}, 'T', 'ops', 5, 0, ${status} from p`;
		expect(await refused(task('finished'))).toBe('23514');
		expect(await refused(task('done'))).toBeNull();
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

/** A copy of the migrations folder holding only the first `count` migrations (as an older release had it). */
function migrationsUpTo(count: number): string {
	const dir = mkdtempSync(join(tmpdir(), 'golive-migrations-'));
	const journal = JSON.parse(readFileSync('drizzle/meta/_journal.json', 'utf8'));
	journal.entries = journal.entries.slice(0, count);
	mkdirSync(join(dir, 'meta'));
	writeFileSync(join(dir, 'meta/_journal.json'), JSON.stringify(journal));
	for (const entry of journal.entries) cpSync(`drizzle/${entry.tag}.sql`, join(dir, `${entry.tag}.sql`));
	return dir;
}

describe.each([
	{ kind: 'pglite', open: async () => ({ url: undefined, drop: async () => {} }) },
	...(postgresReachable() ? [{ kind: 'postgres', open: async () => createPostgresDatabase() }] : [])
])('upgrading an existing database on $kind', ({ open }) => {
	it('gives every cutover that exists its planned window as the first entry of the window history', async () => {
		const target = await open();
		const older = migrationsUpTo(2); // before decisions
		const previous = process.env.GOLIVE_MIGRATIONS_DIR;
		const database = await openDatabase({ url: target.url, dataDir: null });
		try {
			process.env.GOLIVE_MIGRATIONS_DIR = older;
			await database.migrate();
			await database.db.execute(
				sql`insert into cutovers (slug, name, timezone, window_start, window_end, created_at)
					values ('old', 'Old', 'UTC', '2030-01-01T00:00:00Z', '2030-01-03T06:00:00Z', '2029-12-01T00:00:00Z')`
			);
			if (previous === undefined) delete process.env.GOLIVE_MIGRATIONS_DIR;
			else process.env.GOLIVE_MIGRATIONS_DIR = previous;
			await database.migrate();
			const result = await database.db.execute(
				sql`select w.from_end, w.to_end, w.by from window_changes w join cutovers c on c.id = w.cutover_id
					where c.slug = 'old'`
			);
			const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
				from_end: unknown;
				to_end: unknown;
				by: string;
			}[];
			expect(rows).toHaveLength(1);
			expect(rows[0].from_end).toBeNull();
			expect(new Date(rows[0].to_end as string).toISOString()).toBe('2030-01-03T06:00:00.000Z');
			expect(rows[0].by).toBe('planned');
		} finally {
			if (previous === undefined) delete process.env.GOLIVE_MIGRATIONS_DIR;
			else process.env.GOLIVE_MIGRATIONS_DIR = previous;
			await database.close();
			await target.drop();
			rmSync(older, { recursive: true, force: true });
		}
	});
});
