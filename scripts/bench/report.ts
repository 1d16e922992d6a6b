/** The benchmark report as Markdown: golive beside the bare limit, ratios, and each budget met or not. */
import { execSync } from 'node:child_process';
import type { AccessEndedResult } from './access';
import type { BoardPageResult } from './board';
import type { ProgrammePageResult } from './programme';
import type { LoadViewResult } from './loadview';
import { drift, type SoakResult } from './soak';
import type { ReadsResult } from './reads';
import type { StatusBenchResult } from './status';
import type { StatusFanoutResult } from './status-fanout';
import type { ForecastBenchResult } from './forecast';
import type { SubscriptionsBenchResult } from './subscriptions';
import type { InventoryBenchResult } from './inventory';
import type { ColdJoinResult } from './cold';
import type { FanoutResult } from './fanout';
import type { DbKind } from './fixture';
import { round } from './stats';

export interface Row {
	n: number;
	bare: FanoutResult;
	golive: Partial<Record<DbKind, FanoutResult>>;
	/** golive's CPU per delivered event over bare's, on PostgreSQL, for each interleaved pair. */
	cpuRatios?: number[];
}

interface ReportInput {
	started: Date;
	machine: string;
	settings: {
		ns: number[];
		rate: number;
		tasks: number;
		durationS: number;
		dbs: DbKind[];
		smoke: boolean;
		deflate: boolean;
		repeats: number;
	};
	rows: Row[];
	/** N = 1,000 with transfer progress driven alongside the moves. */
	transferRow: Row | null;
	/** N = 1,000 while monitoring writers push samples (golive on each database; bare: its moves alone). */
	ingestRow: Row | null;
	ingest: { samplesPerBatch: number; offeredPerS: number };
	/** The fan-out alone and while the public status page is read, with the page's requests per second. */
	statusFanout?: StatusFanoutResult | null;
	/** N = 1,000 spread over three instances on one PostgreSQL (bare: socket.io's PostgreSQL adapter). */
	multiRow: Row | null;
	forecast: ForecastBenchResult | null;
	subscriptions?: SubscriptionsBenchResult | null;
	inventory?: InventoryBenchResult | null;
	soak: Row | null;
	cold: ColdJoinResult | null;
	board: BoardPageResult | null;
	programme?: ProgrammePageResult | null;
	loadView: LoadViewResult | null;
	ingestSoak: SoakResult | null;
	access: AccessEndedResult | null;
	reads: ReadsResult | null;
	status: StatusBenchResult | null;
}

const kb = (b: number) => `${round(b / 1024, 1)} KB`;
const pct = (v: number) => `${round(v * 100, 2)} %`;
const ratio = (g: number, b: number) => (Number.isFinite(g / b) ? `${round(g / b, 2)}x` : 'n/a');
const mark = (ok: boolean) => (ok ? 'met' : '**not met**');

const metrics: [string, (r: FanoutResult) => number, (v: number) => string][] = [
	['last-client p50 (ms)', (r) => r.lastClient.p50, (v) => `${round(v)}`],
	['last-client p95 (ms)', (r) => r.lastClient.p95, (v) => `${round(v)}`],
	['last-client p99 (ms)', (r) => r.lastClient.p99, (v) => `${round(v)}`],
	['last-client max (ms)', (r) => r.lastClient.max, (v) => `${round(v)}`],
	['delivered', (r) => r.delivered, pct],
	[
		'server CPU per delivered event (µs), database included',
		(r) => r.cpuUsPerDelivered,
		(v) => `${round(v, 2)}`
	],
	['of which PostgreSQL backends (µs)', (r) => r.dbCpuUsPerDelivered ?? 0, (v) => `${round(v, 2)}`],
	['event-loop active per broadcast (ms)', (r) => r.loopActiveMsPerBroadcast, (v) => `${round(v, 2)}`],
	['event-loop delay p99 (ms)', (r) => r.loop.delayP99Ms, (v) => `${round(v)}`],
	['memory per connection', (r) => r.memPerConnectionBytes, kb],
	['bytes per broadcast per client', (r) => r.bytesPerEvent, (v) => `${round(v, 0)}`],
	['failed requests', (r) => r.failedRequests, (v) => `${v}`]
];

/** Where the tail comes from: each side's p95 (and count) per event type. */
function byType(row: Row, db: DbKind): string {
	const side = (name: string, r: FanoutResult | undefined) =>
		`${name} ${Object.entries(r?.lastClientByType ?? {})
			.map(([type, l]) => `${type} ${round(l.p95)} ms (${l.count})`)
			.join(', ')}`;
	return `${side('bare', row.bare)}; ${side('golive', row.golive[db])}`;
}

/** The bare server's figures, then each named golive column with its ratio to bare. */
function columns(bare: FanoutResult, golive: [string, FanoutResult | undefined][]): string {
	const head = ['metric', 'bare socket.io', ...golive.flatMap(([name]) => [name, 'ratio'])];
	const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
	for (const [name, get, fmt] of metrics) {
		const cells = [name, fmt(get(bare))];
		for (const [, g] of golive) cells.push(g ? fmt(get(g)) : 'n/a', g ? ratio(get(g), get(bare)) : 'n/a');
		lines.push(`| ${cells.join(' | ')} |`);
	}
	return lines.join('\n');
}

const table = (row: Row, dbs: DbKind[]) =>
	columns(
		row.bare,
		dbs.map((d) => [`golive (${d})`, row.golive[d]])
	);

/** The pairs' own ratios, when there was more than one: the worst is the budget's margin on a busy machine. */
function pairs(row: Row): string {
	const r = row.cpuRatios ?? [];
	return r.length > 1
		? `; pairs ${r.map((v) => `${round(v, 2)}x`).join(', ')}, worst ${round(Math.max(...r), 2)}x`
		: '';
}

const edge = (row: Row, limit: number) =>
	(row.cpuRatios ?? []).some((v) => v > limit) ? ', at the edge: a pair was over' : '';

/** The fan-out budgets of an N = 1,000 row on PostgreSQL. */
function fanoutBudgets(row: Row | undefined | null, label: string): string[] {
	const g = row?.golive.postgres;
	if (!row || !g || row.n !== 1000)
		return [`- ${label}: not judged (no N = 1000 row on PostgreSQL in this run)`];
	const b = row.bare;
	return [
		`- ${label}:`,
		`- Last-client p95 <= 1.5 x bare + 25 ms (${round(g.lastClient.p95)} <= ${round(1.5 * b.lastClient.p95 + 25)}): ${mark(g.lastClient.p95 <= 1.5 * b.lastClient.p95 + 25)}`,
		`- Last-client p99 <= 250 ms (${round(g.lastClient.p99)}): ${mark(g.lastClient.p99 <= 250)}`,
		`- 100 % delivered (${pct(g.delivered)}): ${mark(g.delivered === 1)}`,
		`- CPU per delivered event <= 1.5 x bare (${ratio(g.cpuUsPerDelivered, b.cpuUsPerDelivered)}${pairs(row)}): ${mark(g.cpuUsPerDelivered <= 1.5 * b.cpuUsPerDelivered)}${edge(row, 1.5)}`,
		`- Event-loop time per broadcast <= 2 x bare (${ratio(g.loopActiveMsPerBroadcast, b.loopActiveMsPerBroadcast)}): ${mark(g.loopActiveMsPerBroadcast <= 2 * b.loopActiveMsPerBroadcast)}`,
		`- Memory per connection <= 2 x bare (${ratio(g.memPerConnectionBytes, b.memPerConnectionBytes)}): ${mark(g.memPerConnectionBytes <= 2 * b.memPerConnectionBytes)}`
	];
}

/** Samples kept per second by a row's pushes (each push answered only once its samples are stored). */
const samplesPerS = (input: ReportInput, r: FanoutResult | undefined) =>
	(r?.backgroundPerS ?? 0) * input.ingest.samplesPerBatch;

/**
 * Ingest: at least 20,000 samples/s on PostgreSQL with the live path's fan-out budgets met while it runs. Its CPU
 * per delivered event includes the ingest, which the bare server does not do: reported, not judged.
 */
function ingestBudgets(input: ReportInput): string[] {
	const row = input.ingestRow;
	const g = row?.golive.postgres;
	if (!row || !g || row.n !== 1000)
		return ['- Push ingest: not judged (no N = 1000 row on PostgreSQL in this run)'];
	const b = row.bare;
	const kept = samplesPerS(input, g);
	return [
		`- Push ingest on PostgreSQL >= 20,000 samples/s (${round(kept, 0)} of ${input.ingest.offeredPerS} offered, ${g.failedRequests} pushes failed): ${mark(kept >= 20_000 && g.failedRequests === 0)}`,
		`- While it runs, last-client p95 <= 1.5 x bare + 25 ms (${round(g.lastClient.p95)} <= ${round(1.5 * b.lastClient.p95 + 25)}): ${mark(g.lastClient.p95 <= 1.5 * b.lastClient.p95 + 25)}`,
		`- While it runs, last-client p99 <= 250 ms (${round(g.lastClient.p99)}): ${mark(g.lastClient.p99 <= 250)}`,
		`- While it runs, 100 % delivered (${pct(g.delivered)}): ${mark(g.delivered === 1)}`,
		`- While it runs, event-loop time per broadcast <= 2 x bare (${ratio(g.loopActiveMsPerBroadcast, b.loopActiveMsPerBroadcast)}): ${mark(g.loopActiveMsPerBroadcast <= 2 * b.loopActiveMsPerBroadcast)}`
	];
}

/**
 * The public status page read while the live path runs (issue 17 asks both at once): the page at least 0.5x the
 * trivial server, and the fan-out's latency and delivery budgets still met. CPU per event includes serving the
 * page, which the bare server does not do: reported, not judged.
 */
function statusFanoutBudgets(input: ReportInput): string[] {
	const r = input.statusFanout;
	if (!r || r.n !== 1000 || r.db !== 'postgres')
		return ['- Status page while the fan-out runs: not judged (no N = 1000 row on PostgreSQL in this run)'];
	const g = r.loaded;
	const b = r.bare;
	return [
		`- Public status "${r.read}" while the fan-out runs >= 0.5 x the trivial server (${ratio(r.statusDuringFanout, r.trivial)}): ${mark(r.statusDuringFanout >= 0.5 * r.trivial)}`,
		`- While it is read, last-client p95 <= 1.5 x bare + 25 ms (${round(g.lastClient.p95)} <= ${round(1.5 * b.lastClient.p95 + 25)}): ${mark(g.lastClient.p95 <= 1.5 * b.lastClient.p95 + 25)}`,
		`- While it is read, last-client p99 <= 250 ms (${round(g.lastClient.p99)}): ${mark(g.lastClient.p99 <= 250)}`,
		`- While it is read, 100 % delivered (${pct(g.delivered)}): ${mark(g.delivered === 1)}`
	];
}

const mb = (b: number) => `${round(b / 2 ** 20, 1)} MB`;

/** The load view: rendered within 1 s (worst of three navigations), an update applied within a frame (p95). */
function loadViewBudgets(v: LoadViewResult | null): string[] {
	if (!v || v.metrics < 12 || v.samplesPerMetric < 8640 || v.updates < 30)
		return ['- Load view budgets: not judged (needs 12 metrics of 24 h of 10-second samples and 30 updates)'];
	const board = Math.max(...v.boardMs);
	const wall = Math.max(...v.wallMs);
	const a = v.applyMs;
	return [
		`- Board's load view rendered within 1 s, live, 24 h chart drawn (worst of ${v.boardMs.length}: ${board} ms): ${mark(board <= 1000)}`,
		`- Wall's load panel rendered within 1 s (worst of ${v.wallMs.length}: ${wall} ms): ${mark(wall <= 1000)}`,
		`- A metrics.updated applied within 16 ms, the page's work (p95 ${round(a.p95)} ms; median ${round(a.p50)}, worst ${round(a.max)} of ${v.updates}): ${mark(a.p95 <= 16)}`
	];
}

/** The ingest soak: the heap after collection flat, RSS within 10 %, over at least 10 minutes. */
function soakBudgets(r: SoakResult | null): string[] {
	if (!r || r.durationS < 600)
		return ['- Memory over a 10-minute ingest soak: not judged (run --scenarios soak --duration 600)'];
	const heap = drift(r, (s) => s.heapUsedBytes);
	const rss = drift(r, (s) => s.rssBytes);
	const heapFlat = heap.slopePerMin <= 100 * 1024 && heap.last <= 1.05 * heap.first;
	const db = r.samples.some((x) => x.dbBytes !== null) ? drift(r, (x) => x.dbBytes) : null;
	const dbLate = db ? drift(r, (x) => x.dbBytes, r.durationS / 2) : null;
	return [
		...(db
			? [
					`- PostgreSQL backends' private memory within 10 % over the soak (${mb(db.first)} to ${mb(db.last)}, ${round(db.slopePerMin / 1024)} KB/min): ${mark(db.last <= 1.1 * db.first)}`,
					`- PostgreSQL backends' private memory within 10 % over the soak's second half (${mb(dbLate!.first)} to ${mb(dbLate!.last)}, ${round(dbLate!.slopePerMin / 1024)} KB/min): ${mark(dbLate!.last <= 1.1 * dbLate!.first)}`
				]
			: []),
		`- Server heap flat over the soak: slope after warm-up <= 100 KB/min and last minute within 5 % of the first (${round(heap.slopePerMin / 1024)} KB/min; ${mb(heap.first)} to ${mb(heap.last)}): ${mark(heapFlat)}`,
		`- Server RSS within 10 % over the soak (${mb(rss.first)} to ${mb(rss.last)}, ${round(rss.slopePerMin / 1024)} KB/min): ${mark(rss.last <= 1.1 * rss.first)}`,
		`- Ingest kept up meanwhile (${round(r.pushesPerS, 2)} pushes/s answered, ${r.failedPushes} failed): ${mark(r.failedPushes === 0)}`
	];
}

function budgets(input: ReportInput): string[] {
	const out: string[] = [
		...fanoutBudgets(
			input.rows.find((r) => r.n === 1000),
			'Fan-out, N = 1,000'
		),
		...fanoutBudgets(input.transferRow, 'Fan-out while 200 progress reports/s arrive from 20 streams'),
		...fanoutBudgets(input.multiRow, 'Fan-out over three instances'),
		...ingestBudgets(input),
		...statusFanoutBudgets(input)
	];
	const f = input.forecast;
	out.push(
		f && f.tasks >= 5000 && f.transfers >= 20 && f.samples >= 1000
			? `- Forecast of 5,000 tasks, 20 transfers, 1,000 samples <= 250 ms (median ${round(f.msMedian)} ms, max ${round(f.msMax)} ms of ${f.runs}): ${mark(f.msMax <= 250)}`
			: '- Forecast budget: not judged (needs 5,000 tasks, 20 transfers, 1,000 samples)'
	);
	const sub = input.subscriptions;
	out.push(
		sub && sub.subscribers >= 100_000
			? `- Queueing a notice for 100,000 subscribers on PostgreSQL < 10 s (${round(sub.queueMs)} ms, ${sub.queued} queued): ${mark(sub.queueMs < 10_000 && sub.queued === sub.subscribers)}; sending keeps the configured ${sub.rate}/s (${round(sub.keptRate)}/s kept, at most ${sub.maxInOneSecond} in one second): ${mark(sub.maxInOneSecond <= sub.rate * 1.1)}`
			: '- Subscriptions budget: not judged (needs 100,000 subscribers on PostgreSQL)'
	);
	const inv = input.inventory;
	out.push(
		inv && inv.systems >= 10_000
			? `- Importing 10,000 inventory rows validated and stored on PostgreSQL <= 5 s (CSV, ${kb(inv.csvBytes)}: ${round(inv.csvMs)} ms; .xlsx, ${kb(inv.xlsxBytes)}: ${round(inv.xlsxMs)} ms; median of ${inv.repeats}): ${mark(Math.max(inv.csvMs, inv.xlsxMs) <= 5000)}`
			: '- Inventory import budget: not judged (needs 10,000 systems on PostgreSQL)'
	);
	const soak = input.soak?.golive.postgres;
	out.push(
		soak?.rssGrowth != null
			? `- Memory growth over 10 minutes <= 10 % (${pct(soak.rssGrowth)}): ${mark(soak.rssGrowth <= 0.1)}`
			: '- Memory growth over 10 minutes: not judged (run with --soak)'
	);
	const c = input.cold;
	if (c && c.n === 1000 && c.tasks === 5000)
		out.push(
			`- Cold join: all 1,000 hold the full 5,000-task board within 5 s (${round(c.allFullMs)} ms, ${c.fullBoards} full): ${mark(c.allFullMs <= 5000 && c.fullBoards === c.n)}`,
			`- Cold join: one snapshot built per seq (${c.snapshotBuilds} built): ${mark(c.snapshotBuilds === 1)}`,
			`- Cold join: <= 150 KB per client on the wire (${kb(c.bytesPerClient)}): ${mark(c.bytesPerClient <= 150 * 1024)}`
		);
	else out.push('- Cold join budgets: not judged (needs N = 1,000 and 5,000 tasks)');
	const p = input.board;
	if (p && p.tasks >= 2000 && p.others >= 1000 && p.secondBoard) {
		const usable = Math.max(...p.usableMs);
		out.push(
			`- Board page usable within 1.5 s, a second board open and ${p.others} socket clients joined (worst of ${p.usableMs.length}: ${usable} ms): ${mark(usable <= 1500)}`,
			`- Incoming event shown within 100 ms (p95 ${round(p.eventShownMs.p95)} ms): ${mark(p.eventShownMs.p95 <= 100)}`
		);
	} else
		out.push('- Board page budgets: not judged (needs a 2,000-task board, a second board and 1,000 clients)');
	const g = input.programme;
	if (g && g.waves >= 100 && g.systems >= 2000 && g.machines >= 10_000) {
		const usable = Math.max(...g.usableMs);
		out.push(
			`- Programme board usable within 1.5 s, ${g.waves} waves, ${g.systems} systems, ${g.machines} machines (worst of ${g.usableMs.length}: ${usable} ms): ${mark(usable <= 1500)}`
		);
	} else out.push('- Programme board budget: not judged (needs 100 waves, 2,000 systems, 10,000 machines)');
	out.push(...loadViewBudgets(input.loadView), ...soakBudgets(input.ingestSoak));
	const x = input.access;
	if (x && x.others >= 1000)
		for (const [what, r] of [
			['revoked token', x.revoked],
			['disabled user', x.disabled]
		] as const)
			out.push(
				`- A ${what}'s socket ends within 1 s, changed on another instance (worst of ${r.samples}: ${round(r.max)} ms, ${r.missed} missed): ${mark(r.missed === 0 && r.max <= 1000)}`
			);
	else out.push('- Access-ended budget: not judged (needs PostgreSQL and 1,000 other clients)');
	const r = input.reads;
	if (r && r.bursts.length && input.settings.tasks >= 2000) {
		for (const c of r.cases)
			out.push(
				`- Cached read "${c.name}" >= 0.3 x the trivial server (${ratio(c.golive, c.trivial)}): ${mark(c.golive >= 0.3 * c.trivial)}`
			);
		const page = r.bursts.find((b) => b.name === 'board page')!;
		out.push(
			`- The 2,000-task board page <= 250 KB on the wire (${kb(page.bytesPerAnswer)}): ${mark(page.bytesPerAnswer <= 250 * 1024)}`
		);
	} else out.push('- Read budgets: not judged (needs the reads scenario on a 2,000-task board)');
	const st = input.status;
	if (st && st.clients >= 1000)
		for (const c of st.cases)
			out.push(
				`- Public status "${c.name}" >= 0.5 x the trivial server with ${st.clients} board clients connected (${ratio(c.golive, c.trivial)}): ${mark(c.golive >= 0.5 * c.trivial)}`
			);
	else out.push('- Status page budget: not judged (needs the status scenario with 1,000 board clients)');
	return out;
}

function versions(): string {
	const v = (cmd: string) => {
		try {
			return execSync(cmd, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
		} catch {
			return 'n/a';
		}
	};
	return `golive ${v('git rev-parse --short HEAD')}, socket.io ${v('node -p "require(\'socket.io/package.json\').version"')}, PostgreSQL ${v('psql -V').split(' ').at(-1)}, Chromium ${v('/usr/bin/chromium --version').split(' ')[1] ?? 'n/a'}`;
}

export function formatReport(input: ReportInput): string {
	const s = input.settings;
	const dbs = s.dbs;
	const parts = [
		`## Run of ${input.started.toISOString()}${s.smoke ? ' (smoke: nothing judged)' : ''}`,
		'',
		`Machine: ${input.machine}. Versions: ${versions()}.`,
		`Settings: N = ${s.ns.join(', ')}; ${s.rate} transitions/s for ${s.durationS} s; ${s.tasks} tasks; databases ${dbs.join(', ')}; per-message deflate ${s.deflate ? 'on (no context takeover)' : 'off'}${s.repeats > 1 ? `; fan-out figures are medians of ${s.repeats} interleaved runs` : ''}.`,
		''
	];
	for (const row of input.rows) parts.push(`### Fan-out, N = ${row.n}`, '', table(row, dbs), '');
	if (input.transferRow)
		parts.push(
			`### Fan-out with transfers, N = ${input.transferRow.n}`,
			'',
			`${s.rate} moves/s and 200 progress reports/s from 20 streams (coalesced into progress events); forecasts recomputed on the server meanwhile. Events counted: moves, progress and forecast events.`,
			'',
			table(input.transferRow, [dbs[0]]),
			'',
			`Last-client p95 by event type: ${byType(input.transferRow, dbs[0])}.`,
			''
		);
	if (input.ingestRow) {
		const row = input.ingestRow;
		const ingestDbs = dbs.filter((d) => row.golive[d]);
		parts.push(
			`### Ingest while the live path runs, N = ${row.n}`,
			'',
			`${s.rate} moves/s while monitoring writers push ${input.ingest.offeredPerS} samples/s (${input.ingest.samplesPerBatch} a push, each writer waiting for its last answer). The bare server makes the moves alone: its CPU is the live path's, golive's includes the ingest.`,
			'',
			table(row, ingestDbs),
			'',
			`Samples kept per second: ${ingestDbs.map((d) => `${d} ${round(samplesPerS(input, row.golive[d]), 0)}`).join(', ')}.`,
			''
		);
	}
	if (input.statusFanout) {
		const r = input.statusFanout;
		parts.push(
			`### Fan-out while the public status page is read, N = ${r.n}`,
			'',
			`${s.rate} moves/s to ${r.n} joined clients while "${r.read}" (${r.bytes} bytes) is read over ${r.connections} connections through the measured window, on ${r.db}; the cutover and its notices on the public page, as in the status row. Beside it, the same fan-out without the reads, and the bare server's. golive's CPU while read includes serving the page.`,
			'',
			columns(r.bare, [
				['golive, fan-out alone', r.alone],
				['golive, status page read', r.loaded]
			]),
			'',
			'| status page (req/s) | golive, no clients | golive, during the fan-out | trivial | ratio (during / trivial) |',
			'|---|---|---|---|---|',
			`| ${r.read} | ${round(r.statusAlone)} | ${round(r.statusDuringFanout)} | ${round(r.trivial)} | ${ratio(r.statusDuringFanout, r.trivial)} |`,
			''
		);
	}
	if (input.multiRow)
		parts.push(
			`### Fan-out over three instances, N = ${input.multiRow.n}`,
			'',
			`Clients spread evenly over three instances of one PostgreSQL database; ${s.rate} moves/s made on the first. golive relays commits with NOTIFY and the event log; bare runs three socket.io servers with socket.io's PostgreSQL adapter. CPU and memory are the three processes' sum plus the database backends'.`,
			'',
			table(input.multiRow, ['postgres']),
			''
		);
	if (input.forecast)
		parts.push(
			'### Forecast computation',
			'',
			`${input.forecast.tasks} tasks, ${input.forecast.transfers} transfers, ${input.forecast.samples} Monte Carlo samples: median ${round(input.forecast.msMedian)} ms, max ${round(input.forecast.msMax)} ms over ${input.forecast.runs} runs after three warm-ups (one thread); the first, cold: ${round(input.forecast.msCold)} ms.`,
			''
		);
	if (input.soak)
		parts.push(
			'### Soak, N = 1000, 10 minutes',
			'',
			table(input.soak, [dbs[0]]),
			'',
			`RSS growth: golive ${pct(input.soak.golive[dbs[0]]?.rssGrowth ?? NaN)}, bare ${pct(input.soak.bare.rssGrowth ?? NaN)}`,
			''
		);
	if (input.cold)
		parts.push(
			'### Cold join',
			'',
			`${input.cold.n} clients join a ${input.cold.tasks}-task cutover at once: all hold the full board after ${round(input.cold.allFullMs)} ms (${input.cold.fullBoards} full boards); ${kb(input.cold.bytesPerClient)} per client; ${input.cold.snapshotBuilds} snapshot(s) built.`,
			''
		);
	if (input.board)
		parts.push(
			'### Board page (Chromium)',
			'',
			`${input.board.tasks} tasks (${input.board.rowsDrawn} rows drawn; the rest follow as they are scrolled to), a second board open, ${input.board.others} socket clients joined. Usable after ${input.board.usableMs.join(' / ')} ms (three navigations). Event shown after arrival: p50 ${round(input.board.eventShownMs.p50)} ms, p95 ${round(input.board.eventShownMs.p95)} ms, max ${round(input.board.eventShownMs.max)} ms (${input.board.samples} events).`,
			''
		);
	if (input.loadView) {
		const v = input.loadView;
		parts.push(
			'### Load view (Chromium)',
			'',
			`${v.metrics} metrics, ${v.samplesPerMetric} samples each (10 s apart). Board: navigation to every reading and sparkline shown and the first metric's chart drawn on its 24 h range (opened and set by two clicks in the page) after ${v.boardMs.join(' / ')} ms; wall's load panel after ${v.wallMs.join(' / ')} ms. A metrics.updated (${v.updates}, the 24 h chart open), the page's work applying and drawing it: median ${round(v.applyMs.p50)} ms, p95 ${round(v.applyMs.p95)} ms, worst ${round(v.applyMs.max)} ms (before the frame, median ${round(v.scriptMs.p50)} ms); from its arrival to the end of the frame showing it (waiting for the frame included): median ${round(v.shownMs.p50)} ms, worst ${round(v.shownMs.max)} ms.`,
			''
		);
	}
	if (input.ingestSoak) {
		const r = input.ingestSoak;
		const line = (name: string, d: ReturnType<typeof drift>) =>
			`- ${name}: ${mb(d.first)} in the first minute after warm-up, ${mb(d.last)} in the last; slope ${round(d.slopePerMin / 1024)} KB/min`;
		const db = r.samples.some((x) => x.dbBytes !== null);
		parts.push(
			`### Ingest soak, ${r.durationS} s`,
			'',
			`${input.ingest.offeredPerS} samples/s offered by the ingest writers (${round(r.pushesPerS, 2)} pushes/s answered, ${r.failedPushes} failed), ${r.boards} boards joined; sampled every 5 s after a forced collection, the first ${r.warmUpS} s left out.`,
			'',
			line(
				'V8 heap in use',
				drift(r, (x) => x.heapUsedBytes)
			),
			line(
				'RSS',
				drift(r, (x) => x.rssBytes)
			),
			...(db
				? [
						line(
							'PostgreSQL backends (private)',
							drift(r, (x) => x.dbBytes)
						),
						line(
							"PostgreSQL backends (private), the run's second half",
							drift(r, (x) => x.dbBytes, r.durationS / 2)
						)
					]
				: []),
			''
		);
	}
	if (input.access) {
		const line = (what: string, r: AccessEndedResult['revoked']) =>
			`- ${what}: p50 ${round(r.p50)} ms, p95 ${round(r.p95)} ms, max ${round(r.max)} ms (${r.samples} samples, ${r.missed} not ended within 5 s)`;
		parts.push(
			'### Access ended',
			'',
			`From the change on a second instance (its commit, the NOTIFY, the re-check) to the socket being told, with ${input.access.others} other clients joined:`,
			'',
			line('Token revoked', input.access.revoked),
			line('User disabled', input.access.disabled),
			''
		);
	}
	if (input.reads) {
		const r = input.reads;
		parts.push(
			'### Reads',
			'',
			`Requests per second over ${r.durationS} s with ${r.connections} connections, golive against a trivial node:http server sending the same status, headers and bytes:`,
			'',
			'| read | status | bytes | golive (req/s) | trivial (req/s) | ratio |',
			'|---|---|---|---|---|---|',
			...r.cases.map(
				(c) =>
					`| ${c.name} | ${c.status} | ${c.bytes} | ${round(c.golive)} | ${round(c.trivial)} | ${ratio(c.golive, c.trivial)} |`
			),
			'',
			...r.bursts.map(
				(b) =>
					`- Burst of ${b.requests} ${b.name} requests (100 at a time): over after ${round(b.totalMs)} ms, p99 ${round(b.p99Ms)} ms, max ${round(b.maxMs)} ms, ${b.failed} failed or timed out (10 s); ${kb(b.bytesPerAnswer)} each on the wire.`
			),
			''
		);
	}
	if (input.status) {
		const st = input.status;
		parts.push(
			'### Public status page',
			'',
			`Requests per second over ${st.durationS} s with ${st.connections} connections, ${st.clients} socket.io board clients connected and joined, golive against a trivial node:http server sending the same status, headers and bytes:`,
			'',
			'| read | status | bytes | golive (req/s) | trivial (req/s) | ratio |',
			'|---|---|---|---|---|---|',
			...st.cases.map(
				(c) =>
					`| ${c.name} | ${c.status} | ${c.bytes} | ${round(c.golive)} | ${round(c.trivial)} | ${ratio(c.golive, c.trivial)} |`
			),
			''
		);
	}
	if (!s.smoke) parts.push('### Budgets', '', ...budgets(input), '');
	return parts.join('\n');
}
