/** Opens the database: PostgreSQL when a URL is given, otherwise embedded PGlite (a folder, or memory). */
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { lockDataDir } from './pglite-lock';
import * as schema from './schema';

// Both drivers' databases are PgDatabase subclasses; services only use the shared query builder API.
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbKind = 'pglite' | 'postgres';

export interface Database {
	db: Db;
	kind: DbKind;
	/** Applies the committed migrations; on PostgreSQL under an advisory lock so instances cannot race. */
	migrate(): Promise<void>;
	/**
	 * Follows a NOTIFY channel. `onListening` runs each time the listening connection is (re)established: after a
	 * reconnect, notifications sent meanwhile are lost, so whoever relies on them must catch up then.
	 */
	listen(channel: string, onMessage: (payload: string) => void, onListening?: () => void): Promise<void>;
	/**
	 * A connection of its own for cluster-wide leases (session advisory locks). An instance that dies (even by
	 * kill -9) ends its session, and its locks go with it. PGlite is one process: every lease is granted.
	 */
	leaseSession(): LeaseSession;
	/** This instance's pool: its size and its open connections by state; null when the database does not answer. */
	connections(): Promise<{ max: number; byState: Record<string, number> } | null>;
	close(): Promise<void>;
}

export interface LeaseSession {
	/**
	 * Takes the lock, or finds it still this session's (taking it again in the same session is granted): false
	 * while another instance holds it. After a lost connection the session is a new one, so a lock taken over
	 * meanwhile reads as lost.
	 */
	take(key: number): Promise<boolean>;
	/** Lets go of every lock of the session. */
	giveUp(): Promise<void>;
	close(): Promise<void>;
}

/** Connections each instance's pool may open (the lease and the listener have one of their own each). */
const POOL_MAX = 10;
const MIGRATION_LOCK = 7_106_105_118; // arbitrary, constant: "golive" migrations
const migrationsFolder = () => resolve(process.env.GOLIVE_MIGRATIONS_DIR ?? 'drizzle');

export async function openDatabase(options: { url?: string; dataDir?: string | null }): Promise<Database> {
	return options.url ? openPostgres(options.url) : openPglite(options.dataDir ?? null);
}

async function openPostgres(url: string): Promise<Database> {
	const { preparingStatements } = await import('./prepared');
	const { default: postgres } = await import('postgres');
	const { drizzle } = await import('drizzle-orm/postgres-js');
	const { migrate } = await import('drizzle-orm/postgres-js/migrator');
	// Named per instance, so its connections can be told from other instances' in pg_stat_activity.
	const applicationName = `golive ${hostname().slice(0, 40)} ${process.pid}`;
	// No JIT: golive's statements are short, and compiling them costs more than it saves. Under a steady push the
	// metrics feed's read of new samples is estimated from statistics that lag the growing table, passes the JIT
	// threshold within minutes and was compiled every second, and each compilation left memory behind in the
	// backend (a 10-minute ingest soak: backends 110 to 202 MB with JIT, flat without; BENCHMARKS.md).
	const connection = { application_name: applicationName, jit: 'off' };
	const sql = preparingStatements(postgres(url, { max: POOL_MAX, onnotice: () => {}, connection }));
	const db = drizzle({ client: sql, schema, casing: 'snake_case' });
	return {
		db: db as unknown as Db,
		kind: 'postgres',
		async migrate() {
			const lock = await sql.reserve();
			try {
				await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
				await migrate(db, { migrationsFolder: migrationsFolder() });
			} finally {
				await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
				lock.release();
			}
		},
		async listen(channel, onMessage, onListening) {
			await sql.listen(channel, onMessage, onListening);
		},
		async connections() {
			try {
				const rows = await Promise.race([
					sql<{ state: string | null; count: number }[]>`select state, count(*)::int as count
						from pg_stat_activity where application_name = ${applicationName} group by state`,
					new Promise<never>((_, fail) => setTimeout(() => fail(new Error('timed out')), 1_000).unref())
				]);
				return {
					max: POOL_MAX,
					byState: Object.fromEntries(rows.map((r) => [r.state ?? 'unknown', r.count]))
				};
			} catch {
				return null;
			}
		},
		leaseSession() {
			// Not a connection reserved from the pool: one of its own, which reconnects like any other.
			const session = postgres(url, {
				max: 1,
				onnotice: () => {},
				connection: { application_name: 'golive lease' }
			});
			return {
				async take(key) {
					return (await session<{ taken: boolean }[]>`select pg_try_advisory_lock(${key}) as taken`)[0].taken;
				},
				async giveUp() {
					await session`select pg_advisory_unlock_all()`;
				},
				close: () => session.end({ timeout: 1 })
			};
		},
		async close() {
			await sql.end({ timeout: 5 });
		}
	};
}

async function openPglite(dataDir: string | null): Promise<Database> {
	const { PGlite } = await import('@electric-sql/pglite');
	const { drizzle } = await import('drizzle-orm/pglite');
	const { migrate } = await import('drizzle-orm/pglite/migrator');
	// PGlite cannot create parent folders itself.
	if (dataDir) mkdirSync(resolve(dataDir), { recursive: true });
	// Two processes on one folder would corrupt it: the CLI run beside a server must fail, not share it.
	const unlock = dataDir ? lockDataDir(dataDir) : () => {};
	let client: InstanceType<typeof PGlite>;
	try {
		client = dataDir ? new PGlite(resolve(dataDir)) : new PGlite();
		await client.waitReady;
	} catch (err) {
		unlock();
		throw err;
	}
	const db = drizzle({ client, schema, casing: 'snake_case' });
	return {
		db: db as unknown as Db,
		kind: 'pglite',
		async migrate() {
			await migrate(db, { migrationsFolder: migrationsFolder() });
		},
		// One process holds the folder, so every NOTIFY comes from this process; there is no reconnect.
		async listen(channel, onMessage, onListening) {
			await client.listen(channel, onMessage);
			onListening?.();
		},
		leaseSession() {
			return { take: async () => !client.closed, giveUp: async () => {}, close: async () => {} };
		},
		// One embedded connection, always active while the instance runs.
		connections: async () => (client.closed ? null : { max: 1, byState: { active: 1 } }),
		async close() {
			try {
				if (!client.closed) await client.close();
			} finally {
				unlock();
			}
		}
	};
}
