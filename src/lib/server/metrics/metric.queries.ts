import { and, asc, count, eq, gte, inArray, lt, lte, max, min, or, sql, sum, gt } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { metricRollups, metrics, metricSamples, type MetricRow } from '../db/schema';

type Q = Db | Tx;

export const listMetrics = (db: Q, cutoverId: string): Promise<MetricRow[]> =>
	db
		.select()
		.from(metrics)
		.where(eq(metrics.cutoverId, cutoverId))
		.orderBy(asc(metrics.position), asc(metrics.key));

export async function metricByKey(db: Q, cutoverId: string, key: string): Promise<MetricRow | undefined> {
	const [row] = await db
		.select()
		.from(metrics)
		.where(and(eq(metrics.cutoverId, cutoverId), eq(metrics.key, key)));
	return row;
}

/** The keys a push may name, with the ids its samples are stored under. */
export const metricIdsOf = (db: Q, cutoverId: string) =>
	db.select({ id: metrics.id, key: metrics.key }).from(metrics).where(eq(metrics.cutoverId, cutoverId));

export async function insertMetric(tx: Tx, values: typeof metrics.$inferInsert): Promise<MetricRow> {
	const [row] = await tx.insert(metrics).values(values).returning();
	return row;
}

export async function updateMetric(
	tx: Q,
	id: string,
	values: Partial<typeof metrics.$inferInsert>
): Promise<MetricRow> {
	const [row] = await tx.update(metrics).set(values).where(eq(metrics.id, id)).returning();
	return row;
}

/** Removes a metric with its samples and rollups (they cascade). */
export async function deleteMetric(tx: Tx, id: string): Promise<void> {
	await tx.delete(metrics).where(eq(metrics.id, id));
}

export async function nextMetricPosition(db: Q, cutoverId: string): Promise<number> {
	const [row] = await db
		.select({ last: max(metrics.position) })
		.from(metrics)
		.where(eq(metrics.cutoverId, cutoverId));
	return (row?.last ?? 0) + 1;
}

export interface SampleRow {
	metricId: string;
	/** Epoch milliseconds. */
	at: number;
	value: number;
}

/**
 * A PostgreSQL array literal of values that need no quoting (ids, ISO times, numbers): the whole batch travels
 * as three parameters, so a statement's parameter limit (65,535) never bounds a batch.
 */
const arrayLiteral = (values: readonly (string | number)[]) => `{${values.join(',')}}`;

/** A batch of samples in one statement, however many: three array parameters, unnested into rows. */
export async function insertSamples(db: Q, rows: readonly SampleRow[]): Promise<void> {
	if (rows.length === 0) return;
	// Times travel as epoch milliseconds and become timestamps in the statement: formatting 24,000 dates a second
	// as ISO text cost more of the event loop than the rest of a push's handling.
	await db.execute(sql`
		insert into ${metricSamples} (metric_id, at, value)
		select m, to_timestamp(a / 1000.0), v from unnest(
			${arrayLiteral(rows.map((r) => r.metricId))}::uuid[],
			${arrayLiteral(rows.map((r) => r.at))}::float8[],
			${arrayLiteral(rows.map((r) => r.value))}::float8[]
		) as u(m, a, v)`);
}

/** The samples of some metrics later than the last one each has judged, oldest first. */
export const samplesToJudge = (tx: Q, since: readonly { id: string; lastAt: Date | null }[]) =>
	tx
		.select({ metricId: metricSamples.metricId, at: metricSamples.at, value: metricSamples.value })
		.from(metricSamples)
		.where(
			// Each metric's own bound, so the index on (metric, time) reads only the new samples: bounded by a
			// join instead, every publication read all of a metric's samples, more each second of an ingest.
			or(
				...since.map((m) =>
					m.lastAt === null
						? eq(metricSamples.metricId, m.id)
						: and(eq(metricSamples.metricId, m.id), gt(metricSamples.at, m.lastAt))
				)
			)
		)
		.orderBy(asc(metricSamples.at));

/** Samples of metrics from `from` up to `to`, by metric then time (a gate's window, and the sample before it). */
export const samplesBetween = (db: Q, metricIds: readonly string[], from: Date, to: Date) =>
	db
		.select({ metricId: metricSamples.metricId, at: metricSamples.at, value: metricSamples.value })
		.from(metricSamples)
		.where(
			and(
				inArray(metricSamples.metricId, [...metricIds]),
				gte(metricSamples.at, from),
				lte(metricSamples.at, to)
			)
		)
		.orderBy(asc(metricSamples.metricId), asc(metricSamples.at));

/** The buckets of `width` ms from `from` that a bucketed read groups samples (or rollups) into. */
const bucketIndex = (at: typeof metricSamples.at | typeof metricRollups.bucket, from: Date, width: number) =>
	sql<number>`floor((extract(epoch from ${at}) * 1000 - ${from.getTime()}::float8) / ${width}::float8)::int`.mapWith(
		Number
	);

export interface BucketRow {
	metricId: string;
	index: number;
	at: Date;
	count: number;
	sum: number;
	min: number;
	max: number;
	last: number;
	lastAt: Date;
}

const asBucket = (r: Record<keyof BucketRow, unknown>): BucketRow => ({
	metricId: r.metricId as string,
	index: Number(r.index),
	at: new Date(r.at as string | Date),
	count: Number(r.count),
	sum: Number(r.sum),
	min: Number(r.min),
	max: Number(r.max),
	last: Number(r.last),
	lastAt: new Date(r.lastAt as string | Date)
});

/** Raw samples of some metrics from `from` (inclusive) to `to` (exclusive), summed up in buckets of `width` ms. */
export async function rawBuckets(
	db: Q,
	metricIds: readonly string[],
	from: Date,
	to: Date,
	width: number
): Promise<BucketRow[]> {
	if (metricIds.length === 0) return [];
	const s = metricSamples;
	const rows = await db
		.select({
			metricId: s.metricId,
			index: bucketIndex(s.at, from, width),
			at: min(s.at),
			count: count(),
			sum: sum(s.value),
			min: min(s.value),
			max: max(s.value),
			last: sql`(array_agg(${s.value} order by ${s.at} desc))[1]`,
			lastAt: max(s.at)
		})
		.from(s)
		.where(and(inArray(s.metricId, [...metricIds]), gte(s.at, from), lt(s.at, to)))
		.groupBy(sql`1`, sql`2`);
	return rows.map(asBucket);
}

/** One metric's one-minute rollups from `from` to `to`, summed up in buckets of `width` ms. */
export async function rollupBuckets(
	db: Q,
	metricId: string,
	from: Date,
	to: Date,
	width: number
): Promise<BucketRow[]> {
	const r = metricRollups;
	const rows = await db
		.select({
			metricId: r.metricId,
			index: bucketIndex(r.bucket, from, width),
			at: min(r.bucket),
			count: sql`sum(${r.count})`,
			sum: sum(r.sum),
			min: min(r.min),
			max: max(r.max),
			last: sql`(array_agg(${r.last} order by ${r.lastAt} desc))[1]`,
			lastAt: max(r.lastAt)
		})
		.from(r)
		.where(and(eq(r.metricId, metricId), gte(r.bucket, from), lt(r.bucket, to)))
		.groupBy(sql`1`, sql`2`);
	return rows.map(asBucket);
}

/**
 * Moves the raw samples taken before `cutoff` into one-minute rollups, in one statement: a minute already rolled
 * up (a late sample) is merged into its row.
 */
export async function rollUpSamples(db: Q, cutoff: Date): Promise<void> {
	await db.execute(sql`
		with moved as (
			delete from ${metricSamples} where at < ${cutoff.toISOString()}::timestamptz
			returning metric_id, at, value
		)
		insert into ${metricRollups} (metric_id, bucket, count, sum, min, max, last, last_at)
		select metric_id, to_timestamp(floor(extract(epoch from at) / 60) * 60), count(*), sum(value), min(value),
			max(value), (array_agg(value order by at desc))[1], max(at)
		from moved
		group by 1, 2
		on conflict (metric_id, bucket) do update set
			count = ${metricRollups}.count + excluded.count,
			sum = ${metricRollups}.sum + excluded.sum,
			min = least(${metricRollups}.min, excluded.min),
			max = greatest(${metricRollups}.max, excluded.max),
			last = case when excluded.last_at >= ${metricRollups}.last_at then excluded.last else ${metricRollups}.last end,
			last_at = greatest(${metricRollups}.last_at, excluded.last_at)`);
}

/** Drops rollups (and any raw samples) older than `before`: the retention. */
export async function pruneSamples(db: Q, before: Date): Promise<void> {
	await db.delete(metricRollups).where(lt(metricRollups.bucket, before));
	await db.delete(metricSamples).where(lt(metricSamples.at, before));
}

/** A metric's raw samples and rollups, oldest first (tests compare them). */
export const rawSamplesOf = (db: Q, metricId: string) =>
	db
		.select({ at: metricSamples.at, value: metricSamples.value })
		.from(metricSamples)
		.where(eq(metricSamples.metricId, metricId))
		.orderBy(asc(metricSamples.at));

export const rollupsOf = (db: Q, metricId: string) =>
	db
		.select()
		.from(metricRollups)
		.where(eq(metricRollups.metricId, metricId))
		.orderBy(asc(metricRollups.bucket));
