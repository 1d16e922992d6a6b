/**
 * The CPU the PostgreSQL backends serving golive's database spend, counted with golive's own: a move's
 * statements cost the database as well as Node. Backends are found in pg_stat_activity (through the admin
 * database, so the sampler adds no backend of its own) and read from /proc, which works because PostgreSQL runs
 * on the same machine. Not counted: the cluster's shared background processes (WAL writer, checkpointer), and a
 * backend that exits between two samples (the pool keeps its connections, so none does).
 */
import postgres from 'postgres';
import { anonRssBytes, cpuMs } from './processes';
import { PG_ADMIN_URL } from './fixture';

export interface BackendSampler {
	/** A figure (read from /proc) of each backend of the database now, by pid. */
	sample(): Promise<Map<number, number>>;
	close(): Promise<void>;
}

function backendSampler(databaseUrl: string, read: (pid: number) => number): BackendSampler {
	const database = new URL(databaseUrl).pathname.slice(1);
	const sql = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
	return {
		async sample() {
			const rows = await sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${database}`;
			const figures = new Map<number, number>();
			for (const { pid } of rows) {
				try {
					figures.set(pid, read(pid));
				} catch {
					// gone between the query and the read
				}
			}
			return figures;
		},
		close: () => sql.end({ timeout: 1 })
	};
}

/** CPU milliseconds of each backend. */
export const backendCpu = (databaseUrl: string) => backendSampler(databaseUrl, cpuMs);

/** Private memory of each backend (the shared buffers it maps are the cluster's, counted once, not here). */
export const backendMemory = (databaseUrl: string) => backendSampler(databaseUrl, anonRssBytes);

/** CPU milliseconds spent between two samples: a backend that appeared meanwhile counts whole. */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
	let total = 0;
	for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
	return total;
}
