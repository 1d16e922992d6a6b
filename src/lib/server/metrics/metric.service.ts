/**
 * A cutover's metrics: defined by operators with the runbook, fed by monitoring systems. Definitions go through
 * the one write path (`writeCutover`) with an event each. Samples are different: a push of up to 10,000 is
 * checked whole and stored in one statement, and appends no event; the cutover is noted in the metrics feed,
 * which at most once a second judges the new samples against the lines under the cutover's lock and appends one
 * `metrics.updated` (with any `metric.breached` / `metric.cleared`) in one write.
 */
import type { BadSample } from '../../shared/metrics/samples';
import { checkSamples } from '../../shared/metrics/samples';
import { bucketWidth, mergeBuckets, minuteOf, pointsOf, type Bucket } from '../../shared/metrics/series';
import { readingsOf } from '../../shared/metrics/readings';
import { advanceMetric } from '../../shared/metrics/state';
import type { GateMetric } from '../../shared/opening/gate';
import type { FieldIssue, Refusal } from '../../shared/i18n';
import { fieldIssue } from '../../shared/i18n/field-issues';
import type {
	MetricPatchInput,
	MetricSamplesInput,
	MetricSeries,
	MetricView
} from '../../shared/schemas/metrics';
import { require, systemActor, type Actor } from '../auth/actor';
import { systemClock, type Clock } from '../clock';
import type { Ctx } from '../context';
import type { Db, Tx } from '../db/client';
import type { MetricRow } from '../db/schema';
import { ConflictError, issuesError, NotFoundError, sqlStateOf, ValidationError } from '../errors';
import { writeCutover } from '../events/event.service';
import { log } from '../observability/log';
import { findCutover, findCutoverToFeed } from '../runbook/cutover-lookup';
import * as q from './metric.queries';
import { changeMetric, defineMetric, dropMetric, type NewMetric } from './metric.tx';
import { downSourceKeys } from './source.queries';
import { linesOf, metricToUpdate, metricToView, stateColumns, stateOf, transitionToView } from './views';

/** How often at most a cutover's boards hear of metric samples, however often they are pushed. */
export const METRICS_EVERY_MS = 1_000;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** What a snapshot and a list carry of each metric's recent readings: 15 minutes in 10-second points. */
export const RECENT_MS = 15 * MINUTE;
const RECENT_POINTS = 90;
/** The most points a series read returns (a chart's width), and its range unless asked: the last hour. */
export const SERIES_POINTS = 720;
const SERIES_DEFAULT_MS = HOUR;

export async function listMetrics(ctx: Ctx, actor: Actor, slug: string): Promise<MetricView[]> {
	const cutover = await findCutover(ctx, actor, slug);
	return metricViews(ctx.db, cutover.id, Date.now());
}

/** Every metric of a cutover with its latest reading, level and the last 15 minutes of readings (downsampled). */
export async function metricViews(db: Db | Tx, cutoverId: string, now: number): Promise<MetricView[]> {
	const rows = await q.listMetrics(db, cutoverId);
	const from = new Date(now - RECENT_MS);
	// Up to the future slack: a sample a little ahead of this clock is still the latest.
	const to = new Date(now + 5 * MINUTE);
	const width = bucketWidth(from.getTime(), now, RECENT_POINTS);
	const buckets = await q.rawBuckets(
		db,
		rows.map((r) => r.id),
		from,
		to,
		width
	);
	const byMetric = new Map<string, Bucket[]>(rows.map((r) => [r.id, []]));
	for (const b of buckets) byMetric.get(b.metricId)!.push(asBucket(b));
	const down = await downSourceKeys(db, cutoverId);
	return rows.map((r) => metricToView(r, pointsOf(r.kind, mergeBuckets(byMetric.get(r.id)!)), down));
}

const asBucket = (b: q.BucketRow): Bucket => ({ ...b, at: b.at.getTime(), lastAt: b.lastAt.getTime() });

async function metricOf(db: Db | Tx, cutoverId: string, key: string): Promise<MetricRow> {
	const row = await q.metricByKey(db, cutoverId, key);
	if (!row) throw new NotFoundError({ reason: 'errors.metricNotFound', params: { key } });
	return row;
}

export async function createMetric(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	input: NewMetric
): Promise<MetricView> {
	require(actor, 'runbook.edit', 'define metrics');
	const { result } = await writeCutover(ctx, actor, { slug }, (w) => defineMetric(w, input));
	return result;
}

export async function updateMetric(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	key: string,
	input: MetricPatchInput
): Promise<MetricView> {
	require(actor, 'runbook.edit', 'change metrics');
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		const current = await metricOf(w.tx, w.cutover.id, key);
		if (input.expectedVersion !== undefined && input.expectedVersion !== current.version)
			throw new ConflictError({ reason: 'errors.metricChanged' }, { metric: metricToView(current, []) });
		const { expectedVersion: _v, ...changes } = input;
		return changeMetric(w, current, changes);
	});
	return result;
}

/**
 * Moves a metric one place up or down the board, renumbering the board 1, 2, 3... so that earlier ties (equal
 * positions) are gone too; every metric whose place changes is recorded as `metric.updated`.
 */
export async function moveMetric(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	key: string,
	to: 'up' | 'down'
): Promise<void> {
	require(actor, 'runbook.edit', 'change metrics');
	await writeCutover(ctx, actor, { slug }, async (w) => {
		const rows = await q.listMetrics(w.tx, w.cutover.id);
		const from = rows.findIndex((r) => r.key === key);
		if (from < 0) throw new NotFoundError({ reason: 'errors.metricNotFound', params: { key } });
		const next = to === 'up' ? from - 1 : from + 1;
		if (next >= 0 && next < rows.length) [rows[from], rows[next]] = [rows[next], rows[from]];
		for (const [i, row] of rows.entries())
			if (row.position !== i + 1) await changeMetric(w, row, { position: i + 1 });
	});
}

export async function removeMetric(ctx: Ctx, actor: Actor, slug: string, key: string): Promise<void> {
	require(actor, 'runbook.edit', 'remove metrics');
	await writeCutover(ctx, actor, { slug }, async (w) =>
		dropMetric(w, await metricOf(w.tx, w.cutover.id, key))
	);
}

/**
 * A push of samples from a monitoring system: every sample is checked first, in order, and the first bad one
 * refuses the batch whole (nothing is kept); otherwise the batch is one statement. Boards hear of it through the
 * metrics feed.
 */
export async function pushSamples(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	input: MetricSamplesInput
): Promise<{ kept: number }> {
	require(actor, 'metrics.write', 'push metric samples');
	const cutover = await findCutoverToFeed(ctx, actor, slug);
	return keepSamples(ctx, cutover.id, input.samples, Date.now());
}

/**
 * The one way samples are kept, pushed or pulled from a source: checked whole against the cutover's metrics and
 * `now` (a sample far ahead of it is refused), stored in one statement, and noted to the metrics feed.
 */
export async function keepSamples(
	ctx: Ctx,
	cutoverId: string,
	samples: readonly unknown[],
	now: number
): Promise<{ kept: number }> {
	const ids = new Map((await q.metricIdsOf(ctx.db, cutoverId)).map((m) => [m.key, m.id]));
	const checked = checkSamples(samples, new Set(ids.keys()), now);
	if ('bad' in checked) throw badSampleError(checked.bad);
	const rows = checked.samples.map((s) => ({ metricId: ids.get(s.metric)!, at: s.at, value: s.value }));
	try {
		await q.insertSamples(ctx.db, rows);
	} catch (err) {
		// A metric removed since its key was read: nothing of the batch was kept, and a retry names it.
		if (sqlStateOf(err) === '23503') throw new ConflictError({ reason: 'errors.metricChanged' });
		throw err;
	}
	ctx.metricFeed.noteAll(
		cutoverId,
		checked.samples.map((s) => s.metric)
	);
	return { kept: rows.length };
}

/** The refusal of a batch, naming its first bad sample by index and why, with the sample's field in `details`. */
function badSampleError(bad: BadSample): ValidationError {
	const at = `samples.${bad.index}`;
	let refusal: Refusal;
	let issue: FieldIssue;
	if (bad.problem === 'invalid') {
		const field = bad.field ? `.${bad.field}` : '';
		refusal = { reason: 'errors.sampleInvalid', params: { index: bad.index, field, problem: bad.message } };
		issue = { path: `${at}${field}`, message: bad.message, ...bad.reason };
	} else if (bad.problem === 'unknownMetric') {
		refusal = { reason: 'errors.sampleUnknownMetric', params: { index: bad.index, key: bad.key } };
		issue = { path: `${at}.metric`, message: `no metric "${bad.key}" in this cutover` };
	} else {
		refusal = { reason: 'errors.sampleInFuture', params: { index: bad.index } };
		issue = { path: `${at}.at`, message: 'more than 5 minutes ahead of the server clock' };
	}
	return new ValidationError(refusal, [issue]);
}

/**
 * The metrics feed's publication for one cutover: under its lock, judge each noted metric's samples since the
 * last judged one, keep the new state in its row, and append one `metrics.updated` with the changes of level in
 * the same write. Several instances may publish for one cutover: the lock orders them, and each judges only what
 * the one before left.
 */
export async function publishMetrics(ctx: Ctx, cutoverId: string, keys: string[]): Promise<void> {
	await writeCutover(ctx, systemActor('metrics'), cutoverId, async (w) => {
		const wanted = new Set(keys);
		const rows = (await q.listMetrics(w.tx, cutoverId)).filter((r) => wanted.has(r.key));
		if (rows.length === 0) return;
		const samples = new Map<string, { at: number; value: number }[]>(rows.map((r) => [r.id, []]));
		for (const s of await q.samplesToJudge(w.tx, rows))
			samples.get(s.metricId)!.push({ at: s.at.getTime(), value: s.value });
		const judged = rows.flatMap((row) => {
			const list = samples.get(row.id)!;
			return list.length ? [{ row, ...advanceMetric(linesOf(row), stateOf(row), list) }] : [];
		});
		const saved = await Promise.all(judged.map((j) => q.updateMetric(w.tx, j.row.id, stateColumns(j.state))));
		if (saved.length) w.record('metrics.updated', { metrics: saved.map(metricToUpdate) });
		for (const { row, transitions } of judged)
			for (const t of transitions)
				w.record(t.kind === 'breached' ? 'metric.breached' : 'metric.cleared', transitionToView(row.key, t));
	});
}

/**
 * What an opening gate judges: each metric's lines and its readings from `from` to `now` (a rate's first one
 * read from the sample before the window, if one came within a window's length of it, at most five minutes).
 */
export async function gateMetricsOf(
	db: Db | Tx,
	cutoverId: string,
	keys: readonly string[],
	from: number,
	now: number
): Promise<Map<string, GateMetric>> {
	// Only the gate's own metrics: a cutover may watch dozens, a gate names two or three.
	const wanted = new Set(keys);
	const rows = (await q.listMetrics(db, cutoverId)).filter((r) => wanted.has(r.key));
	const byId = new Map(rows.map((r) => [r.id, { row: r, samples: [] as { at: number; value: number }[] }]));
	const lookBack = Math.min(5 * MINUTE, now - from);
	const down = await downSourceKeys(db, cutoverId);
	if (rows.length > 0)
		for (const s of await q.samplesBetween(db, [...byId.keys()], new Date(from - lookBack), new Date(now)))
			byId.get(s.metricId)!.samples.push({ at: s.at.getTime(), value: s.value });
	const metrics = new Map<string, GateMetric>();
	for (const { row, samples } of byId.values()) {
		const before = samples.filter((s) => s.at <= from).at(-1) ?? null;
		const readings = readingsOf(
			row.kind,
			before,
			samples.filter((s) => s.at > from)
		);
		const sourceDown = row.sourceKey !== null && down.has(row.sourceKey);
		metrics.set(row.key, { warning: row.warning, critical: row.critical, sourceDown, readings });
	}
	return metrics;
}

/**
 * One metric's readings from `from` to `to` (default: the last hour), at most 720 points: raw samples where they
 * are still kept, one-minute rollups before that, summed up in equal buckets.
 */
export async function metricSeries(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	key: string,
	range: { from?: number; to?: number },
	now = Date.now()
): Promise<MetricSeries> {
	const cutover = await findCutover(ctx, actor, slug);
	const row = await metricOf(ctx.db, cutover.id, key);
	const to = range.to ?? now;
	const from = range.from ?? to - SERIES_DEFAULT_MS;
	if (from >= to) throw issuesError([fieldIssue('to', 'toAfterFrom')]);
	const width = bucketWidth(from, to, SERIES_POINTS);
	const [fromDate, toDate] = [new Date(from), new Date(to)];
	const [raw, rolled] = await Promise.all([
		q.rawBuckets(ctx.db, [row.id], fromDate, toDate, width),
		q.rollupBuckets(ctx.db, row.id, fromDate, toDate, width)
	]);
	return {
		key: row.key,
		unit: row.unit,
		kind: row.kind,
		from: fromDate.toISOString(),
		to: toDate.toISOString(),
		stepMs: width,
		points: pointsOf(row.kind, mergeBuckets(raw.map(asBucket), rolled.map(asBucket)))
	};
}

/** How long samples stay raw before they become one-minute rollups, and how long rollups are kept. */
export interface MetricStorageSettings {
	rawHours: number;
	retentionDays: number;
}

/** Rolls up the raw samples past the raw age (whole minutes) and drops what is past the retention. */
export async function keepMetricStorage(
	ctx: Pick<Ctx, 'db'>,
	now: number,
	settings: MetricStorageSettings
): Promise<void> {
	await q.rollUpSamples(ctx.db, new Date(minuteOf(now - settings.rawHours * HOUR)));
	await q.pruneSamples(ctx.db, new Date(now - settings.retentionDays * 24 * HOUR));
}

/** How often the storage is kept: rollups are of whole minutes, so once a minute. */
export const STORAGE_EVERY_MS = MINUTE;

/** Keeps metric storage in bounds on a clock, while this instance holds the lease for it (see app.ts). */
export class MetricStorageKeeper {
	#timer: unknown = null;
	#running: Promise<void> | null = null;

	constructor(
		private readonly ctx: Pick<Ctx, 'db'>,
		private readonly settings: MetricStorageSettings,
		private readonly clock: Clock = systemClock
	) {}

	start(): this {
		this.#timer = this.clock.setInterval(() => void this.run(), STORAGE_EVERY_MS);
		return this;
	}

	/** One round now (also the first, when the lease is taken). A round still running is not started twice. */
	run(): Promise<void> {
		this.#running ??= keepMetricStorage(this.ctx, this.clock.now(), this.settings)
			.catch((err) => log.error({ err }, 'keeping metric storage failed'))
			.finally(() => (this.#running = null));
		return this.#running;
	}

	async close(): Promise<void> {
		if (this.#timer !== null) this.clock.clearInterval(this.#timer);
		await this.#running;
	}
}
