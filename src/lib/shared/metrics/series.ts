/**
 * Series for charts: samples (raw, or one-minute rollups once they are old) summed up in equal time buckets, so a
 * chart gets at most a few hundred points however long the range. The database does the bucketing; these are the
 * pure parts: merging the raw and rolled-up parts of a bucket, reading buckets as points, and the one-minute
 * rollup of a series as the database computes it (tests hold the two together).
 */
import { counterIncrease, type Sample } from './readings';
import type { MetricKind } from './state';

export const MINUTE_MS = 60_000;

/** What a bucket of samples sums up to: enough to merge buckets and to read a gauge or a counter from them. */
export interface Aggregate {
	count: number;
	sum: number;
	min: number;
	max: number;
	/** The value of the bucket's latest sample, and when it was taken (a counter is read from these). */
	last: number;
	lastAt: number;
}

/** A bucket of a chart: its index in the range, the time of its first sample, and its aggregate. */
export interface Bucket extends Aggregate {
	index: number;
	at: number;
}

/** [epoch ms, value, min, max]: one point of a chart (a reading's min and max are the reading itself). */
export type MetricPoint = [number, number, number, number];

/** The width of the buckets that cut `from`..`to` into at most `maxPoints` (whole milliseconds, at least one). */
export const bucketWidth = (from: number, to: number, maxPoints: number): number =>
	Math.max(1, Math.ceil((to - from) / Math.max(1, maxPoints)));

export function mergeAggregates<A extends Aggregate>(a: A, b: Aggregate): A {
	const later = b.lastAt > a.lastAt;
	return {
		...a,
		count: a.count + b.count,
		sum: a.sum + b.sum,
		min: Math.min(a.min, b.min),
		max: Math.max(a.max, b.max),
		last: later ? b.last : a.last,
		lastAt: later ? b.lastAt : a.lastAt
	};
}

/** The buckets of two sources (raw samples and rollups) as one list in time order, a bucket in both merged. */
export function mergeBuckets(...sources: readonly (readonly Bucket[])[]): Bucket[] {
	const byIndex = new Map<number, Bucket>();
	for (const bucket of sources.flat()) {
		const held = byIndex.get(bucket.index);
		byIndex.set(
			bucket.index,
			held ? { ...mergeAggregates(held, bucket), at: Math.min(held.at, bucket.at) } : bucket
		);
	}
	return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

/**
 * A chart's points from its buckets: a gauge's average with its min and max; a counter's increase per second
 * from one bucket's last sample to the next (the first bucket has none before it).
 */
export function pointsOf(kind: MetricKind, buckets: readonly Bucket[]): MetricPoint[] {
	if (kind !== 'rate') return buckets.map((b) => [b.at, b.sum / b.count, b.min, b.max]);
	const points: MetricPoint[] = [];
	for (let i = 1; i < buckets.length; i++) {
		const [before, after] = [buckets[i - 1], buckets[i]];
		if (after.lastAt <= before.lastAt) continue;
		const rate = (counterIncrease(before.last, after.last) * 1000) / (after.lastAt - before.lastAt);
		points.push([after.lastAt, rate, rate, rate]);
	}
	return points;
}

/** The minute (its start, epoch ms) a sample falls in. */
export const minuteOf = (at: number): number => Math.floor(at / MINUTE_MS) * MINUTE_MS;

/** One-minute rollups of a series, by minute: what the database keeps once samples pass the raw age. */
export function rollupMinutes(samples: readonly Sample[]): Map<number, Aggregate> {
	const minutes = new Map<number, Aggregate>();
	for (const s of samples) {
		const one: Aggregate = {
			count: 1,
			sum: s.value,
			min: s.value,
			max: s.value,
			last: s.value,
			lastAt: s.at
		};
		const minute = minuteOf(s.at);
		const held = minutes.get(minute);
		minutes.set(minute, held ? mergeAggregates(held, one) : one);
	}
	return minutes;
}
