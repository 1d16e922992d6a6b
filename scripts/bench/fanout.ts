/**
 * One fan-out row: N clients in a separate process join one room; transitions are driven at a fixed rate; each
 * event's last-client latency is its last arrival minus its commit, on the host's monotonic clock.
 */
import { backendCpu, cpuBetween } from './database-cpu';
import { cpuMs, rssBytes, sleep } from './processes';
import { joinClients, startClients, stopClients, type LoopStats, type RunningServer } from './servers';
import { summarize, type LatencySummary } from './stats';

export interface FanoutOptions {
	n: number;
	rate: number;
	durationS: number;
	/** Returns the request that makes the i-th change (a task transition, or a bare emit). */
	request(i: number): { path: string; body: unknown };
	mode: 'golive' | 'bare';
	token?: string;
	slug?: string;
	/** Also sample RSS at the start and the end of the driving window (the soak's growth figure). */
	soak?: boolean;
	/** golive on PostgreSQL: its database, whose backends' CPU counts with golive's. */
	databaseUrl?: string;
	/** Other requests driven alongside at their own rate (e.g. transfer progress): load, not events. */
	background?: { rate: number; request(i: number): DrivenRequest };
	/** Other load run through the measured window only (the status page's reads), measured by the caller. */
	alongside?(durationS: number): Promise<void>;
	/**
	 * Seconds of the same driving before the measured window, not counted. A server runs for a weekend: its cost
	 * per event is judged warm (as the forecast row is), after the JIT has compiled the paths the drive takes,
	 * for both servers alike.
	 */
	warmUpS: number;
}

export interface DriveResult {
	failed: number;
	/** From the first request's due time to the last answer. */
	elapsedMs: number;
}

/** One request to drive; requests of the same `serial` go one after another, as one script would send them. */
export interface DrivenRequest {
	path: string;
	body: unknown;
	serial?: string;
}

/** The main and the background requests for `durationS`, their indices starting at the given offsets. */
async function driveBoth(
	url: string,
	o: FanoutOptions,
	durationS: number,
	from: number,
	backgroundFrom: number
): Promise<{ failed: number; background: DriveResult | null }> {
	const { background } = o;
	const [main, other] = await Promise.all([
		drive(url, o.token ?? '', o.rate, durationS, (i) => o.request(from + i)),
		background
			? drive(url, o.token ?? '', background.rate, durationS, (i) => background.request(backgroundFrom + i))
			: null
	]);
	return { failed: main.failed + (other?.failed ?? 0), background: other };
}

/**
 * Sends `rate` requests a second for `durationS` seconds, on schedule, and waits for every answer. A request whose
 * serial still has one in flight goes as soon as that one is answered: a script reporting one stream's progress
 * does not send its next report before the last is answered, so reports never overtake each other on the wire.
 */
export async function drive(
	url: string,
	token: string,
	rate: number,
	durationS: number,
	request: (i: number) => DrivenRequest
): Promise<DriveResult> {
	const total = Math.round(rate * durationS);
	let failed = 0;
	const inflight: Promise<void>[] = [];
	const lastOf = new Map<string, Promise<void>>();
	const t0 = performance.now();
	for (let i = 0; i < total; i++) {
		const due = t0 + (i * 1000) / rate;
		const wait = due - performance.now();
		if (wait > 0) await sleep(wait);
		const { path, body, serial } = request(i);
		const previous = serial === undefined ? undefined : lastOf.get(serial);
		const send = () =>
			fetch(url + path, {
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
				body: JSON.stringify(body)
			});
		const answered = (previous ? previous.then(send) : send()).then(
			async (res) => {
				if (!res.ok) {
					failed++;
					if (failed <= 3) console.error(`request ${i} failed: ${res.status} ${await res.text()}`);
				} else await res.arrayBuffer();
			},
			() => void failed++
		);
		if (serial !== undefined) lastOf.set(serial, answered);
		inflight.push(answered);
	}
	await Promise.all(inflight);
	return { failed, elapsedMs: performance.now() - t0 };
}

export interface FanoutResult {
	n: number;
	events: number;
	failedRequests: number;
	lastClient: LatencySummary;
	delivered: number;
	/** Node and, on PostgreSQL, the database's backends. */
	cpuUsPerDelivered: number;
	/** The database backends' part of it (0 for bare, and for PGlite, which runs inside Node). */
	dbCpuUsPerDelivered: number;
	loopActiveMsPerBroadcast: number;
	loop: LoopStats;
	memPerConnectionBytes: number;
	rssGrowth: number | null;
	connectMs: number;
	/** Payload bytes one client received per event (the wire size of one broadcast). */
	bytesPerEvent: number;
	/** Last-client latency per event type (golive: task moves, progress, forecasts; bare: emits, progress). */
	lastClientByType: Record<string, LatencySummary & { count: number }>;
	/** The JSON size of each event type (golive: to size the bare server's payloads per type). */
	bytesByType: Record<string, number>;
	/** The background requests answered per second over the measured window (they run late when the server lags). */
	backgroundPerS: number | null;
}

/** Several instances measured as one: CPU and memory summed, each seq's commit stamped first (by its writer). */
function asOne(servers: RunningServer[]) {
	const pids = servers.map((s) => s.child.proc.pid!);
	return {
		cpuMs: () => pids.reduce((sum, pid) => sum + cpuMs(pid), 0),
		rssBytes: () => pids.reduce((sum, pid) => sum + rssBytes(pid), 0),
		commits(): Map<number, number> {
			const first = new Map<number, number>();
			for (const s of servers)
				for (const [seq, at] of s.commits) first.set(seq, Math.min(at, first.get(seq) ?? Infinity));
			return first;
		},
		/** Event-loop figures of every instance: active time summed, delays the worst instance's. */
		async loopStats(): Promise<LoopStats> {
			const all = await Promise.all(servers.map((s) => s.loopStats()));
			const worst = (get: (l: LoopStats) => number) => Math.max(...all.map(get));
			return {
				...all[0],
				delayP50Ms: worst((l) => l.delayP50Ms),
				delayP99Ms: worst((l) => l.delayP99Ms),
				delayMaxMs: worst((l) => l.delayMaxMs),
				activeMs: all.reduce((sum, l) => sum + l.activeMs, 0),
				rssBytes: all.reduce((sum, l) => sum + l.rssBytes, 0)
			};
		}
	};
}

/** One row on one server, or on the instances of a cluster (clients spread over them, changes sent to the first). */
export async function runFanout(
	server: RunningServer | RunningServer[],
	o: FanoutOptions
): Promise<FanoutResult> {
	const servers = Array.isArray(server) ? server : [server];
	const cluster = asOne(servers);
	const writeUrl = servers[0].url;
	await sleep(500);
	const flags = { mode: o.mode, token: o.token ?? '', slug: o.slug ?? 'bench' };
	// One client per instance joins first, so what an instance pays once (its first snapshot of the board, its
	// warmed join path) is not counted as the clients' memory: three instances pay it three times.
	const warmUp = await startClients(servers, servers.length, flags);
	await joinClients(warmUp);
	await sleep(500);
	const rssBefore = cluster.rssBytes();
	const clients = await startClients(servers, o.n, flags).catch(async (err) => {
		await stopClients(warmUp);
		throw err;
	});
	try {
		await joinClients(clients);
		await sleep(1000);
		const rssConnected = cluster.rssBytes();
		const warm = await driveBoth(writeUrl, o, o.warmUpS, 0, 0);
		if (warm.failed) throw new Error(`${warm.failed} requests of the warm-up failed`);
		if (o.warmUpS) await sleep(1500); // its last broadcasts and coalesced progress land before the mark

		const markedLine = clients.waitFor(/"type":"marked"/);
		clients.send('mark');
		await markedLine;
		const firstSeq = Math.max(0, ...cluster.commits().keys()) + 1;
		await cluster.loopStats(); // resets the window
		const backends = o.databaseUrl ? backendCpu(o.databaseUrl) : null;
		const dbStart = (await backends?.sample()) ?? new Map<number, number>();
		const cpuStart = cluster.cpuMs();
		const [{ failed, background }] = await Promise.all([
			driveBoth(
				writeUrl,
				o,
				o.durationS,
				Math.round(o.rate * o.warmUpS),
				Math.round((o.background?.rate ?? 0) * o.warmUpS)
			),
			o.alongside?.(o.durationS)
		]);
		const rssEndOfDrive = cluster.rssBytes();
		await sleep(2000); // let the last broadcasts land
		const cpuEnd = cluster.cpuMs();
		const dbMs = backends ? cpuBetween(dbStart, await backends.sample()) : 0;
		await backends?.close();
		const loop = await cluster.loopStats();

		const reportLine = clients.waitFor(/"type":"report"/, 60_000);
		clients.send('report');
		const report = JSON.parse(await reportLine);
		const arrivals = new Map<number, [number, number, number]>(report.arrivals);
		const types = new Map<number, string>(report.types);
		const latencies: number[] = [];
		const byType = new Map<string, number[]>();
		let delivered = 0;
		let events = 0;
		for (const [seq, commit] of cluster.commits()) {
			if (seq < firstSeq) continue;
			events++;
			const a = arrivals.get(seq);
			delivered += a?.[0] ?? 0;
			const latency = a && a[0] === o.n ? (a[2] - commit) / 1000 : Infinity;
			latencies.push(latency);
			const type = types.get(seq) ?? 'unknown';
			if (!byType.has(type)) byType.set(type, []);
			byType.get(type)!.push(latency);
		}
		return {
			n: o.n,
			events,
			failedRequests: failed,
			lastClient: summarize(latencies),
			delivered: events ? delivered / (events * o.n) : 0,
			cpuUsPerDelivered: delivered ? ((cpuEnd - cpuStart + dbMs) * 1000) / delivered : NaN,
			dbCpuUsPerDelivered: delivered ? (dbMs * 1000) / delivered : NaN,
			loopActiveMsPerBroadcast: events ? loop.activeMs / events : NaN,
			loop,
			memPerConnectionBytes: (rssConnected - rssBefore) / o.n,
			rssGrowth: o.soak ? (rssEndOfDrive - rssConnected) / rssConnected : null,
			connectMs: clients.connectMs,
			bytesPerEvent: events ? report.bytesPerClientSinceMark / events : NaN,
			bytesByType: report.bytesByType,
			backgroundPerS:
				background && o.background
					? Math.round(o.background.rate * o.durationS) / (background.elapsedMs / 1000)
					: null,
			lastClientByType: Object.fromEntries(
				[...byType].map(([type, l]) => [type, { ...summarize(l), count: l.length }])
			)
		};
	} finally {
		await stopClients(clients);
		await stopClients(warmUp);
	}
}
