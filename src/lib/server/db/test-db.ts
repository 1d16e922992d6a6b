/**
 * Real databases for tests: PGlite in memory always, and a fresh PostgreSQL database on the local server when
 * one is reachable (created per suite, dropped after). In CI (CI=true) an unreachable PostgreSQL is an error,
 * because CI must exercise both drivers. Use it as:
 *
 *   describe.each(testDatabases())('tasks on $kind', (db) => {
 *     let app: App;
 *     beforeAll(async () => { app = await db.open(); });
 *     afterAll(() => db.close());
 *   });
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import postgres from 'postgres';
import { createApp, type App } from '../app';
import type { DbKind } from './client';

/** The admin connection (database `postgres`); override with GOLIVE_TEST_PG_ADMIN_URL. */
const ADMIN_URL = process.env.GOLIVE_TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PREFIX = 'golive_test_';

export interface TestDatabase {
	kind: DbKind;
	/** Opens (and migrates) an app on a fresh database. One open per TestDatabase at a time. */
	open(options?: { sample?: boolean; forecasts?: boolean }): Promise<App>;
	/** Closes the app and, on PostgreSQL, drops its database. Safe to call twice or without open. */
	close(): Promise<void>;
	toString(): string;
}

let reachable: boolean | undefined;

/** Whether the local PostgreSQL answers a query (checked once per process, synchronously). */
export function postgresReachable(): boolean {
	if (reachable !== undefined) return reachable;
	if (process.env.GOLIVE_TEST_PG === '0') return (reachable = false);
	const driver = createRequire(import.meta.url).resolve('postgres');
	const probe = `
		const postgres = require(${JSON.stringify(driver)});
		const sql = postgres(${JSON.stringify(ADMIN_URL)}, { max: 1, connect_timeout: 3, onnotice() {} });
		sql\`select 1\`.then(() => sql.end().then(() => process.exit(0)), () => process.exit(1));`;
	const result = spawnSync(process.execPath, ['-e', probe], { timeout: 10_000, stdio: 'ignore' });
	return (reachable = result.status === 0);
}

/** The databases every integration suite runs against. */
export function testDatabases(): TestDatabase[] {
	const list: TestDatabase[] = [pgliteDatabase()];
	if (postgresReachable()) list.push(postgresDatabase());
	else if (process.env.CI === 'true')
		throw new Error(
			`PostgreSQL is not reachable at ${ADMIN_URL}, and CI must test against it as well as PGlite. ` +
				'Start it (e.g. pg_ctlcluster <version> main start) or fix GOLIVE_TEST_PG_ADMIN_URL.'
		);
	else if (!noted) {
		noted = true;
		console.warn(`[test-db] PostgreSQL not reachable at ${ADMIN_URL}: these tests run on PGlite only.`);
	}
	return list;
}
let noted = false;

export function pgliteDatabase(): TestDatabase {
	let app: App | null = null;
	return {
		kind: 'pglite',
		async open(options = {}) {
			app = await createApp({ dataDir: null, ...options });
			return app;
		},
		async close() {
			await app?.close();
			app = null;
		},
		toString: () => 'pglite'
	};
}

/** A fresh, empty PostgreSQL database and a way to drop it; for tests that open it themselves. */
export async function createPostgresDatabase(): Promise<{
	name: string;
	url: string;
	drop(): Promise<void>;
}> {
	const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
	try {
		await dropAbandoned(admin);
		const name = `${PREFIX}${process.pid}_${randomBytes(4).toString('hex')}`;
		await admin.unsafe(`create database "${name}"`);
		const url = new URL(ADMIN_URL);
		url.pathname = `/${name}`;
		let dropped = false;
		return {
			name,
			url: url.toString(),
			async drop() {
				if (dropped) return;
				dropped = true;
				const sql = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
				try {
					await sql.unsafe(`drop database if exists "${name}" with (force)`);
				} finally {
					await sql.end({ timeout: 5 });
				}
			}
		};
	} finally {
		await admin.end({ timeout: 5 });
	}
}

/** Drops test databases left by test processes that died before their cleanup (their pid is gone). */
async function dropAbandoned(admin: postgres.Sql): Promise<void> {
	const rows = await admin<
		{ datname: string }[]
	>`select datname from pg_database where datname like ${PREFIX + '%'}`;
	for (const { datname } of rows) {
		const pid = Number(datname.slice(PREFIX.length).split('_')[0]);
		if (!Number.isInteger(pid) || pid === process.pid || alive(pid)) continue;
		await admin.unsafe(`drop database if exists "${datname}" with (force)`).catch(() => {});
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return (err as NodeJS.ErrnoException).code === 'EPERM';
	}
}

export function postgresDatabase(): TestDatabase {
	let app: App | null = null;
	let database: Awaited<ReturnType<typeof createPostgresDatabase>> | null = null;
	return {
		kind: 'postgres',
		async open(options = {}) {
			database = await createPostgresDatabase();
			app = await createApp({ url: database.url, ...options });
			return app;
		},
		async close() {
			try {
				await app?.close();
			} finally {
				app = null;
				await database?.drop();
				database = null;
			}
		},
		toString: () => 'postgres'
	};
}
