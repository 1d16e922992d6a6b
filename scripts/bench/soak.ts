/**
 * The memory soak (issue 15's budget: server memory stays flat over a 10-minute ingest soak): the ingest row's
 * monitoring writers push for `durationS` while boards are joined to the cutover. Every few seconds the server
 * collects garbage (started with --expose-gc, on the bench's signal) and reports the V8 heap still in use; its RSS
 * and, on PostgreSQL, the private memory of the database's backends are read from /proc at the same moments.
 */
import { backendMemory } from './database-cpu';
import { drive, type DrivenRequest } from './fanout';
import { rssBytes, sleep } from './processes';
import { joinClients, startClients, stopClients, type RunningServer } from './servers';

export interface SoakSample {
	/** Seconds since the writers started. */
	s: number;
	heapUsedBytes: number;
	rssBytes: number;
	/** The database backends' private memory, summed (PostgreSQL only). */
	dbBytes: number | null;
}

export interface SoakResult {
	durationS: number;
	boards: number;
	/** Seconds at the start left out of the judgement (the JIT, pools and caches filling). */
	warmUpS: number;
	pushesPerS: number;
	failedPushes: number;
	samples: SoakSample[];
}

const SAMPLE_EVERY_S = 5;

export async function runSoak(
	server: RunningServer,
	o: {
		durationS: number;
		boards: number;
		token: string;
		push: { rate: number; request(i: number): DrivenRequest };
		databaseUrl?: string;
	}
): Promise<SoakResult> {
	const clients = await startClients([server], o.boards, { mode: 'golive', token: o.token, slug: 'bench' });
	const backends = o.databaseUrl ? backendMemory(o.databaseUrl) : null;
	try {
		await joinClients(clients);
		const samples: SoakSample[] = [];
		const pid = server.child.proc.pid!;
		const t0 = performance.now();
		const sample = async () => {
			const { heapUsedBytes } = await server.loopStats();
			const db = await backends?.sample();
			samples.push({
				s: (performance.now() - t0) / 1000,
				heapUsedBytes: heapUsedBytes ?? NaN,
				rssBytes: rssBytes(pid),
				dbBytes: db ? [...db.values()].reduce((a, b) => a + b, 0) : null
			});
		};
		let driving = true;
		const sampling = (async () => {
			while (driving) {
				await sample();
				await sleep(SAMPLE_EVERY_S * 1000);
			}
		})();
		const pushes = await drive(server.url, o.token, o.push.rate, o.durationS, o.push.request);
		driving = false;
		await sampling;
		await sample();
		return {
			durationS: o.durationS,
			boards: o.boards,
			warmUpS: Math.min(120, Math.round(o.durationS / 5)),
			pushesPerS: Math.round(o.push.rate * o.durationS) / (pushes.elapsedMs / 1000),
			failedPushes: pushes.failed,
			samples
		};
	} finally {
		await backends?.close();
		await stopClients(clients);
	}
}

/** The least-squares slope of `y` over `x`. */
export function slope(points: readonly { x: number; y: number }[]): number {
	const n = points.length;
	if (n < 2) return NaN;
	const mx = points.reduce((a, p) => a + p.x, 0) / n;
	const my = points.reduce((a, p) => a + p.y, 0) / n;
	const sxy = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0);
	const sxx = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
	return sxx ? sxy / sxx : NaN;
}

/** How one figure of the soak moved after the warm-up: its slope per minute and its first and last minutes. */
export interface Drift {
	/** Bytes per minute, fitted over every sample after the warm-up. */
	slopePerMin: number;
	/** The median of the first and of the last minute after the warm-up. */
	first: number;
	last: number;
}

/**
 * `fromS`: where the judged part starts (default: after the warm-up). The database's backends are judged over
 * the run's second half too: each backend's allocator keeps what its largest statements freed (see
 * BENCHMARKS.md), so their sum climbs while the pool's connections, one by one, first serve a large push, and
 * only a climb that goes on after that is growth.
 */
export function drift(
	result: SoakResult,
	figure: (s: SoakSample) => number | null,
	fromS = result.warmUpS
): Drift {
	const kept = result.samples
		.filter((s) => s.s >= fromS && figure(s) !== null)
		.map((s) => ({ x: s.s / 60, y: figure(s)! }));
	const median = (ys: number[]) => [...ys].sort((a, b) => a - b)[Math.floor(ys.length / 2)] ?? NaN;
	const end = kept.at(-1)?.x ?? 0;
	return {
		slopePerMin: slope(kept),
		first: median(kept.filter((p) => p.x < fromS / 60 + 1).map((p) => p.y)),
		last: median(kept.filter((p) => p.x > end - 1).map((p) => p.y))
	};
}
