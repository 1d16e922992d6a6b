/**
 * `npm run bench`: golive's live path against a bare socket.io server on the same machine, in the same run.
 * Every run is bounded in time, talks only to 127.0.0.1, and stops by itself. See BENCHMARKS.md.
 *
 *   --n 100,1000,5000  clients per row        --rate 10      transitions per second
 *   --tasks 2000       runbook size           --duration 30  seconds of driving per row
 *   --db postgres,pglite   --scenarios fanout,transfers,ingest,multi,forecast,cold,board,programme,loadview,
 *                                       access,reads,status,status-fanout,subscriptions,inventory
 *                          (and soak: the ingest writers for --duration s, sampling the server's memory)
 *   --soak             a 10-minute row at N = 1000 on PostgreSQL (memory growth)
 *   --smoke            tiny and short: keeps the suite working in CI, judges nothing
 *   --deflate          both servers with per-message deflate (no context takeover) instead of none
 *   --repeat 1         fan-out pairs per N, interleaved; every figure is the median over the repeats
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { runAccessEnded, type AccessEndedResult } from './access';
import { runBoardPage, type BoardPageResult } from './board';
import { runProgrammePage, seedProgramme, type ProgrammePageResult } from './programme';
import { runReads, type ReadsResult } from './reads';
import { runStatus, seedStatus, type StatusBenchResult } from './status';
import { StatusReads, type StatusFanoutResult } from './status-fanout';
import { runLoadView, seedLoad, type LoadViewResult } from './loadview';
import { runSoak, type SoakResult } from './soak';
import { runColdJoin, type ColdJoinResult } from './cold';
import { runFanout, type DrivenRequest, type FanoutResult } from './fanout';
import { createFixture, metricKey, PG_ADMIN_URL, taskKey, transferKey, type DbKind } from './fixture';
import { runForecastBench, type ForecastBenchResult } from './forecast';
import { runSubscriptionsBench, type SubscriptionsBenchResult } from './subscriptions';
import { runInventoryBench, type InventoryBenchResult } from './inventory';
import { ROOT, ensureBuild, startBare, startGolive, type RunningServer } from './servers';
import { formatReport, type Row } from './report';
import { medianOf } from './stats';

const { values: a } = parseArgs({
	options: {
		n: { type: 'string', default: '100,1000,5000' },
		rate: { type: 'string', default: '10' },
		tasks: { type: 'string', default: '2000' },
		duration: { type: 'string', default: '30' },
		db: { type: 'string', default: 'postgres,pglite' },
		scenarios: {
			type: 'string',
			default:
				'fanout,transfers,ingest,multi,forecast,cold,board,programme,loadview,access,reads,status,status-fanout,subscriptions,inventory'
		},
		soak: { type: 'boolean', default: false },
		deflate: { type: 'boolean', default: false },
		smoke: { type: 'boolean', default: false },
		repeat: { type: 'string', default: '1' }
	}
});

const smoke = a.smoke;
const ns = smoke ? [20] : a.n.split(',').map(Number);
const rate = Number(a.rate);
const tasks = smoke ? 200 : Number(a.tasks);
const durationS = smoke ? 3 : Number(a.duration);
/** Seconds of driving before each fan-out row's measured window (see FanoutOptions.warmUpS). */
const WARM_UP_S = smoke ? 1 : 10;
const scenarios = new Set(a.scenarios.split(','));
const repeats = smoke ? 1 : Math.max(1, Number(a.repeat));

async function postgresReachable(): Promise<boolean> {
	const sql = postgres(PG_ADMIN_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
	try {
		await sql`select 1`;
		return true;
	} catch {
		return false;
	} finally {
		await sql.end({ timeout: 1 });
	}
}

let dbs = a.db.split(',') as DbKind[];
if (dbs.includes('postgres') && !(await postgresReachable())) {
	console.error(`PostgreSQL is not reachable at ${PG_ADMIN_URL}: measuring PGlite only`);
	dbs = dbs.filter((d) => d !== 'postgres');
}
if (smoke) dbs = dbs.slice(0, 1);

/** How many tasks are started before the first is finished: a task is done about two seconds after its start. */
const MOVE_LAG = 10;

/**
 * Real moves, as task owners make them: every task but the last (a checkpoint) is started and later done, without
 * force, so each move passes the dependency and gate checks. The moves of one task are MOVE_LAG starts apart, and
 * go one after another as its owner makes them (a move sent while the task's last one is unanswered waits for it),
 * so a loaded server never sees a task finished before it started. A soak that outlasts the runbook goes on with
 * forced start-and-undo rounds, so it never runs out.
 */
const transition = (i: number): DrivenRequest => {
	const playable = tasks - 1;
	const lag = Math.min(MOVE_LAG, playable);
	const move = (task: number, to: string) => ({
		path: `/api/v1/cutovers/bench/tasks/${taskKey(task)}/transition`,
		body: { to },
		serial: taskKey(task)
	});
	if (i < lag) return move(i, 'in_progress');
	const k = i - lag;
	const overlap = 2 * (playable - lag);
	if (k < overlap) return k % 2 === 0 ? move(k / 2, 'done') : move(lag + (k - 1) / 2, 'in_progress');
	if (k < overlap + lag) return move(playable - lag + (k - overlap), 'done');
	const j = i - 2 * playable;
	const to = Math.floor(j / playable) % 2 === 0 ? 'in_progress' : 'not_started';
	return { ...move(j % playable, to), body: { to, force: true } };
};

/** Progress reports across the streams, each stream counting up at its own pace (bare: the same bodies). */
const progress =
	(streams: number, mode: 'golive' | 'bare') =>
	(i: number): DrivenRequest => {
		const key = transferKey(i % streams);
		return {
			path: mode === 'golive' ? `/api/v1/cutovers/bench/transfers/${key}/progress` : `/progress/${key}`,
			body: { done: (Math.floor(i / streams) + 1) * (1 + (i % streams)) * 1000 },
			serial: key
		};
	};

/**
 * The ingest load: 24,000 samples a second offered by 10 monitoring writers (each waits for its last push's answer
 * before the next), 1,000 samples a push over 12 metrics, stamped as they are sent. More than the budget's
 * 20,000, so what is kept shows whether the server keeps up with the budget or falls behind it.
 */
const INGEST = smoke
	? { writers: 2, batchesPerS: 4, samplesPerBatch: 100, metrics: 3 }
	: { writers: 10, batchesPerS: 24, samplesPerBatch: 1000, metrics: 12 };
const samplePush = (i: number): DrivenRequest => {
	const at = Date.now();
	return {
		path: '/api/v1/cutovers/bench/metrics/samples',
		body: {
			samples: Array.from({ length: INGEST.samplesPerBatch }, (_, k) => ({
				metric: metricKey(k % INGEST.metrics),
				// Spread over the last second, as a bridge's batch of readings is.
				at: at - Math.floor((1000 * k) / INGEST.samplesPerBatch),
				value: (i * 7 + k) % 1000
			}))
		},
		serial: `writer-${i % INGEST.writers}`
	};
};

/**
 * One golive fan-out row. `status`: the cutover on the public status page first (seeded as the status row's);
 * with `reads`, the page read alone before the clients come and again through the measured window.
 */
async function goliveRow(
	db: DbKind,
	n: number,
	durS: number,
	soak = false,
	streams = 0,
	instances = 1,
	ingest = false,
	status?: { reads: StatusReads | null }
): Promise<FanoutResult> {
	const fixture = await createFixture(db, tasks, streams, ingest ? INGEST.metrics : 0);
	if (status) await seedStatus(fixture);
	const servers: RunningServer[] = [];
	for (let i = 0; i < instances; i++)
		servers.push(await startGolive({ ...fixture.env, GOLIVE_WS_DEFLATE: a.deflate ? '1' : '0' }));
	const reads = status?.reads;
	try {
		await reads?.measureAlone(servers[0]);
		return await runFanout(servers, {
			n,
			rate,
			durationS: durS,
			warmUpS: WARM_UP_S,
			request: transition,
			mode: 'golive',
			token: fixture.token,
			databaseUrl: db === 'postgres' ? fixture.env.DATABASE_URL : undefined,
			soak,
			background: ingest
				? { rate: INGEST.batchesPerS, request: samplePush }
				: streams
					? { rate: PROGRESS_RATE, request: progress(streams, 'golive') }
					: undefined,
			alongside: reads ? (s) => reads.measureDuring(servers[0], s) : undefined
		});
	} finally {
		for (const server of servers) await server.child.stop();
		await fixture.dispose();
	}
}

async function bareRow(
	n: number,
	payloadBytes: number,
	durS: number,
	soak = false,
	streams = 0,
	progressBytes = 0,
	instances = 1
): Promise<FanoutResult> {
	// A cluster of bare servers shares rooms through socket.io's PostgreSQL adapter, on a database of its own.
	const database = instances > 1 ? await createFixture('postgres', 1) : null;
	const pgUrl = database?.env.DATABASE_URL;
	const servers = [];
	for (let i = 0; i < instances; i++)
		servers.push(await startBare(payloadBytes, a.deflate, progressBytes, pgUrl));
	try {
		return await runFanout(servers, {
			n,
			rate,
			durationS: durS,
			warmUpS: WARM_UP_S,
			request: () => ({ path: '/emit', body: {} }),
			mode: 'bare',
			soak,
			databaseUrl: pgUrl,
			background: streams ? { rate: PROGRESS_RATE, request: progress(streams, 'bare') } : undefined
		});
	} finally {
		for (const server of servers) await server.child.stop();
		await database?.dispose();
	}
}

/** Each interleaved pair's CPU ratio on PostgreSQL: the median judges the budget, the worst shows its margin. */
const cpuRatios = (runs: { bare: FanoutResult; golive: Partial<Record<DbKind, FanoutResult>> }[]) =>
	runs.flatMap(({ bare, golive }) =>
		golive.postgres ? [golive.postgres.cpuUsPerDelivered / bare.cpuUsPerDelivered] : []
	);

/** The issue's load for transfers: 200 progress reports a second from 20 streams. */
const PROGRESS_RATE = smoke ? 20 : 200;
const STREAMS = smoke ? 4 : 20;

ensureBuild();
const started = new Date();
const rows: Row[] = [];
let cold: ColdJoinResult | null = null;
let board: BoardPageResult | null = null;
let soakRows: Row | null = null;
let access: AccessEndedResult | null = null;
let reads: ReadsResult | null = null;

if (scenarios.has('fanout')) {
	for (const n of ns) {
		const runs: { bare: FanoutResult; golive: Partial<Record<DbKind, FanoutResult>> }[] = [];
		// Bare and golive alternate, so drift on the machine falls on both sides.
		for (let r = 1; r <= repeats; r++) {
			console.error(`fan-out, N = ${n}${repeats > 1 ? ` (run ${r} of ${repeats})` : ''}…`);
			const golive: Partial<Record<DbKind, FanoutResult>> = {};
			golive[dbs[0]] = await goliveRow(dbs[0], n, durationS);
			// The bare server sends a payload of the size golive's broadcasts had on the wire.
			const payload = Math.round(golive[dbs[0]]!.bytesPerEvent) || 900;
			const bare = await bareRow(n, payload, durationS);
			for (const db of dbs.slice(1)) golive[db] = await goliveRow(db, n, durationS);
			runs.push({ bare, golive });
		}
		rows.push({ n, ...medianOf(runs), cpuRatios: cpuRatios(runs) });
	}
}
let transferRow: Row | null = null;
if (scenarios.has('transfers')) {
	const n = smoke ? 20 : ns.length === 1 ? ns[0] : 1000;
	console.error(`fan-out with transfers, N = ${n}: ${rate} moves/s and ${PROGRESS_RATE} progress reports/s…`);
	const runs: { bare: FanoutResult; golive: Partial<Record<DbKind, FanoutResult>> }[] = [];
	for (let r = 1; r <= repeats; r++) {
		if (repeats > 1) console.error(`  run ${r} of ${repeats}…`);
		const golive = await goliveRow(dbs[0], n, durationS, false, STREAMS);
		// The bare server's moves and progress events each as large as golive's of the same kind.
		const size = golive.bytesByType;
		const bare = await bareRow(
			n,
			Math.round(size['task.transitioned'] ?? golive.bytesPerEvent) || 900,
			durationS,
			false,
			STREAMS,
			Math.round(size['transfer.progressed'] ?? 0)
		);
		runs.push({ bare, golive: { [dbs[0]]: golive } });
	}
	transferRow = { n, ...medianOf(runs), cpuRatios: cpuRatios(runs) };
}
let ingestRow: Row | null = null;
if (scenarios.has('ingest')) {
	const n = smoke ? 20 : ns.length === 1 ? ns[0] : 1000;
	const offered = INGEST.batchesPerS * INGEST.samplesPerBatch;
	console.error(
		`ingest while the live path runs, N = ${n}: ${rate} moves/s and ${offered} samples/s pushed…`
	);
	const golive: Partial<Record<DbKind, FanoutResult>> = {};
	for (const db of dbs) golive[db] = await goliveRow(db, n, durationS, false, 0, 1, true);
	// The live path's limit: the bare server's moves alone (it ingests nothing).
	const first = golive[dbs[0]]!;
	const bare = await bareRow(
		n,
		Math.round(first.bytesByType['task.transitioned'] ?? first.bytesPerEvent) || 900,
		durationS
	);
	ingestRow = { n, bare, golive };
}
let statusFanout: StatusFanoutResult | null = null;
if (scenarios.has('status-fanout')) {
	const n = smoke ? 20 : ns.length === 1 ? ns[0] : 1000;
	const connections = smoke ? 10 : 50;
	console.error(
		`fan-out while the status page is read, N = ${n}: ${rate} moves/s, the page read over ${connections} connections…`
	);
	const reads = new StatusReads({ durationS, connections });
	const loaded = await goliveRow(dbs[0], n, durationS, false, 0, 1, false, { reads });
	const alone = await goliveRow(dbs[0], n, durationS, false, 0, 1, false, { reads: null });
	const bare = await bareRow(
		n,
		Math.round(alone.bytesByType['task.transitioned'] ?? alone.bytesPerEvent) || 900,
		durationS
	);
	statusFanout = {
		n,
		db: dbs[0],
		connections,
		read: reads.read,
		bytes: reads.bytes,
		statusAlone: reads.alone,
		statusDuringFanout: reads.during,
		trivial: await reads.measureTrivial(),
		bare,
		alone,
		loaded
	};
}
/** The cluster of the multi-instance row: clients spread over it, changes made on its first instance. */
const INSTANCES = 3;
let multiRow: Row | null = null;
if (scenarios.has('multi')) {
	if (!dbs.includes('postgres')) console.error('fan-out over instances: needs PostgreSQL, not measured');
	else {
		const n = smoke ? 30 : ns.length === 1 ? ns[0] : 1000;
		console.error(`fan-out over ${INSTANCES} instances, N = ${n}: ${rate} moves/s…`);
		const runs: { bare: FanoutResult; golive: Partial<Record<DbKind, FanoutResult>> }[] = [];
		for (let r = 1; r <= repeats; r++) {
			if (repeats > 1) console.error(`  run ${r} of ${repeats}…`);
			const golive = await goliveRow('postgres', n, durationS, false, 0, INSTANCES);
			const payload = Math.round(golive.bytesPerEvent) || 900;
			const bare = await bareRow(n, payload, durationS, false, 0, 0, INSTANCES);
			runs.push({ bare, golive: { postgres: golive } });
		}
		multiRow = { n, ...medianOf(runs), cpuRatios: cpuRatios(runs) };
	}
}
let forecast: ForecastBenchResult | null = null;
if (scenarios.has('forecast')) {
	const size = smoke
		? { tasks: 500, transfers: 5, samples: 100 }
		: { tasks: 5000, transfers: 20, samples: 1000 };
	console.error(`forecast: ${size.tasks} tasks, ${size.transfers} transfers, ${size.samples} samples…`);
	forecast = runForecastBench(size);
}
let subscriptions: SubscriptionsBenchResult | null = null;
if (scenarios.has('subscriptions') && dbs.includes('postgres')) {
	const size = smoke
		? { subscribers: 1000, rate: 50, sendSeconds: 2 }
		: { subscribers: 100_000, rate: 200, sendSeconds: 10 };
	console.error(
		`subscriptions: queueing a notice for ${size.subscribers} subscribers, sending at ${size.rate}/s…`
	);
	subscriptions = await runSubscriptionsBench(size);
}
let inventory: InventoryBenchResult | null = null;
if (scenarios.has('inventory') && dbs.includes('postgres')) {
	const systems = smoke ? 1000 : 10_000;
	console.error(`inventory: importing ${systems} systems from CSV and from .xlsx on PostgreSQL…`);
	inventory = await runInventoryBench({ systems, repeats });
}
if (a.soak && !smoke) {
	console.error('soak: 10 minutes at N = 1000…');
	const golive = await goliveRow(dbs[0], 1000, 600, true);
	const bare = await bareRow(1000, Math.round(golive.bytesPerEvent) || 900, 600, true);
	soakRows = { n: 1000, bare, golive: { [dbs[0]]: golive } };
}
if (scenarios.has('cold')) {
	const coldN = smoke ? 20 : 1000;
	const coldTasks = smoke ? 500 : 5000;
	console.error(`cold join: ${coldN} clients, ${coldTasks} tasks…`);
	const fixture = await createFixture(dbs[0], coldTasks);
	const server = await startGolive(fixture.env);
	try {
		cold = await runColdJoin(server, { n: coldN, tasks: coldTasks, token: fixture.token });
	} finally {
		await server.child.stop();
		await fixture.dispose();
	}
}
if (scenarios.has('board')) {
	console.error(`board page: ${tasks} tasks in Chromium…`);
	const fixture = await createFixture(dbs[0], tasks);
	const server = await startGolive(fixture.env);
	try {
		board = await runBoardPage(server, fixture, tasks, { others: smoke ? 20 : 1000 });
	} finally {
		await server.child.stop();
		await fixture.dispose();
	}
}

let programme: ProgrammePageResult | null = null;
if (scenarios.has('programme')) {
	const size = smoke
		? { waves: 10, systems: 100, machinesPerSystem: 5 }
		: { waves: 100, systems: 2_000, machinesPerSystem: 5 };
	console.error(`programme board page: ${size.waves} waves, ${size.systems} systems in Chromium…`);
	const fixture = await createFixture(dbs[0], smoke ? 20 : 200);
	try {
		await seedProgramme(fixture, size);
		const server = await startGolive(fixture.env);
		try {
			programme = await runProgrammePage(server, fixture, {
				waves: size.waves,
				systems: size.systems,
				machines: size.systems * size.machinesPerSystem
			});
		} finally {
			await server.child.stop();
		}
	} finally {
		await fixture.dispose();
	}
}

let loadView: LoadViewResult | null = null;
if (scenarios.has('loadview')) {
	// Smoke: an hour of readings for 3 metrics. The runbook is small: the 2,000-task board is the board row's.
	const size = smoke
		? { metrics: 3, spanMs: 3_600_000, updates: 3 }
		: { metrics: 12, spanMs: 86_400_000, updates: 60 };
	console.error(
		`load view: ${size.metrics} metrics, ${size.spanMs / 3_600_000} h of 10-second samples, in Chromium…`
	);
	const fixture = await createFixture(dbs[0], 200);
	try {
		const samplesPerMetric = await seedLoad(fixture, size.metrics, size.spanMs);
		const server = await startGolive(fixture.env);
		try {
			loadView = await runLoadView(server, fixture, { ...size, samplesPerMetric });
		} finally {
			await server.child.stop();
		}
	} finally {
		await fixture.dispose();
	}
}

let ingestSoak: SoakResult | null = null;
if (scenarios.has('soak')) {
	const boards = smoke ? 5 : ns.length === 1 ? ns[0] : 100;
	console.error(`ingest soak: ${durationS} s of pushes, ${boards} boards joined…`);
	const fixture = await createFixture(dbs[0], tasks, 0, INGEST.metrics);
	try {
		const server = await startGolive(fixture.env, { exposeGc: true });
		try {
			ingestSoak = await runSoak(server, {
				durationS,
				boards,
				token: fixture.token,
				push: { rate: INGEST.batchesPerS, request: samplePush },
				databaseUrl: dbs[0] === 'postgres' ? fixture.env.DATABASE_URL : undefined
			});
		} finally {
			await server.child.stop();
		}
	} finally {
		await fixture.dispose();
	}
}

if (scenarios.has('access')) {
	// A second instance changes access here, which needs a database two processes can share.
	if (!dbs.includes('postgres')) console.error('access ended: needs PostgreSQL, not measured');
	else {
		const others = smoke ? 20 : 1000;
		console.error(`access ended: revokes and disables from another instance, ${others} other clients…`);
		const fixture = await createFixture('postgres', smoke ? 200 : tasks);
		const server = await startGolive(fixture.env);
		try {
			access = await runAccessEnded(server, fixture, { others, samples: smoke ? 3 : 20 });
		} finally {
			await server.child.stop();
			await fixture.dispose();
		}
	}
}

if (scenarios.has('reads')) {
	console.error(`reads: cached reads against a trivial server, and a burst of board pages (${tasks} tasks)…`);
	const fixture = await createFixture(dbs[0], tasks);
	const server = await startGolive(fixture.env);
	try {
		reads = await runReads(server, fixture, {
			durationS: smoke ? 1 : 10,
			connections: smoke ? 10 : 50,
			burst: smoke ? 50 : 1000
		});
	} finally {
		await server.child.stop();
		await fixture.dispose();
	}
}

let status: StatusBenchResult | null = null;
if (scenarios.has('status')) {
	const clients = smoke ? 20 : 1000;
	console.error(`status page: against a trivial server, ${clients} board clients connected…`);
	const fixture = await createFixture(dbs[0], smoke ? 200 : tasks);
	try {
		await seedStatus(fixture);
		const server = await startGolive(fixture.env);
		try {
			status = await runStatus(server, fixture, {
				durationS: smoke ? 1 : 10,
				connections: smoke ? 10 : 50,
				clients
			});
		} finally {
			await server.child.stop();
		}
	} finally {
		await fixture.dispose();
	}
}

const results = {
	rows,
	transferRow,
	ingestRow,
	statusFanout,
	multiRow,
	forecast,
	soak: soakRows,
	cold,
	board,
	programme,
	loadView,
	ingestSoak,
	access,
	reads,
	status,
	subscriptions,
	inventory
};
const report = formatReport({
	...results,
	started,
	machine: `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
	settings: { ns, rate, tasks, durationS, dbs, smoke, deflate: a.deflate, repeats },
	ingest: {
		samplesPerBatch: INGEST.samplesPerBatch,
		offeredPerS: INGEST.batchesPerS * INGEST.samplesPerBatch
	}
});
const dir = resolve(ROOT, 'bench-results');
mkdirSync(dir, { recursive: true });
const stamp = started.toISOString().replace(/[:.]/g, '-');
writeFileSync(resolve(dir, `${stamp}.json`), JSON.stringify(results, null, 2));
writeFileSync(resolve(dir, `${stamp}.md`), report);
console.log(report);
console.log(`(results in bench-results/${stamp}.md and .json)`);
