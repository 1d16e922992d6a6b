/**
 * How fast a data transfer goes and when it will finish, from the progress it reported. Robust to bursty
 * reporting: the rate is a time-weighted median over recent intervals, with a P10..P90 band around it.
 */

/** One progress report: `done` units at epoch ms `at`. A series is ascending in `at`, all after the last reset. */
export interface ProgressSample {
	at: number;
	done: number;
}

export interface RateEstimate {
	/** Units per ms, or null when there is nothing to go on. */
	perMs: number | null;
	/** The band: time-weighted P10 and P90 of the recent interval rates (±25 % of a planned rate). */
	lowPerMs: number | null;
	highPerMs: number | null;
	basis: 'observed' | 'planned' | 'none';
}

export interface RateOptions {
	now: number;
	/** How far back the rate looks. */
	windowMs?: number;
	plannedPerMs?: number | null;
}

const DEFAULT_WINDOW_MS = 30 * 60_000;
/** The recent intervals always considered, however old, so a slow reporter still gets a rate. */
const MIN_INTERVALS = 3;
const PLANNED_SPREAD = 0.25;

interface Interval {
	rate: number;
	weight: number;
}

/**
 * The time-weighted median of the rates of the recent intervals between samples: a burst moves it no further
 * than the next interval's rate, and a pause counts as rate 0 for its duration. A steady stream gets its exact
 * rate and a band of width 0. Without two samples apart in time: the planned rate, else nothing.
 */
export function estimateRate(samples: readonly ProgressSample[], options: RateOptions): RateEstimate {
	const intervals = recentIntervals(samples, options.now - (options.windowMs ?? DEFAULT_WINDOW_MS));
	const elapsed = intervals.reduce((sum, i) => sum + i.weight, 0);
	if (elapsed > 0) {
		intervals.sort((a, b) => a.rate - b.rate);
		return {
			perMs: weightedQuantile(intervals, elapsed, 0.5),
			lowPerMs: weightedQuantile(intervals, elapsed, 0.1),
			highPerMs: weightedQuantile(intervals, elapsed, 0.9),
			basis: 'observed'
		};
	}
	const planned = options.plannedPerMs ?? null;
	if (planned === null) return { perMs: null, lowPerMs: null, highPerMs: null, basis: 'none' };
	return {
		perMs: planned,
		lowPerMs: planned * (1 - PLANNED_SPREAD),
		highPerMs: planned * (1 + PLANNED_SPREAD),
		basis: 'planned'
	};
}

/**
 * The intervals inside the window, weighted by how much of each lies inside it. The window reaches back at
 * least over the last few intervals, whatever their age. Samples at the same instant: the last one counts.
 */
function recentIntervals(samples: readonly ProgressSample[], windowStart: number): Interval[] {
	const points: ProgressSample[] = [];
	for (const s of samples) {
		const last = points[points.length - 1];
		if (last && s.at <= last.at) points[points.length - 1] = { at: last.at, done: s.done };
		else points.push(s);
	}
	if (points.length < 2) return [];
	const cutoff = Math.min(windowStart, points[Math.max(0, points.length - 1 - MIN_INTERVALS)].at);
	const intervals: Interval[] = [];
	for (let i = 1; i < points.length; i++) {
		const from = points[i - 1];
		const to = points[i];
		if (to.at <= cutoff) continue;
		// A correction downwards counts as no progress.
		const rate = Math.max(0, to.done - from.done) / (to.at - from.at);
		intervals.push({ rate, weight: to.at - Math.max(from.at, cutoff) });
	}
	return intervals;
}

/** The smallest rate at which the cumulative weight reaches q of the total; `sorted` is ascending by rate. */
function weightedQuantile(sorted: readonly Interval[], total: number, q: number): number {
	const target = q * total;
	let cumulative = 0;
	for (const i of sorted) {
		cumulative += i.weight;
		if (cumulative >= target) return i.rate;
	}
	return sorted[sorted.length - 1].rate;
}

export interface TransferEtaInput {
	done: number;
	total: number;
	samples: readonly ProgressSample[];
	now: number;
	plannedPerMs: number | null;
	finishedAt: number | null;
	windowMs?: number;
}

export interface TransferEta {
	/** When the transfer finishes (or finished); null when no rate is known or it is not moving. */
	eta: number | null;
	/** Early end, at the band's high rate. */
	etaLow: number | null;
	/** Late end, at the band's low rate; null means unbounded (the low rate is a pause). */
	etaHigh: number | null;
	rate: RateEstimate;
}

/**
 * The ETA runs from the last sample: what remained then, at the rate, but never before now (an overdue
 * stream is due any moment). Measuring from the sample rather than now keeps the ETA still between reports.
 */
export function transferEta(input: TransferEtaInput): TransferEta {
	const { done, total, samples, now } = input;
	const rate = estimateRate(samples, { now, windowMs: input.windowMs, plannedPerMs: input.plannedPerMs });
	const lastAt = samples.length ? samples[samples.length - 1].at : null;
	if (input.finishedAt !== null || done >= total) {
		const end = input.finishedAt ?? lastAt ?? now;
		return { eta: end, etaLow: end, etaHigh: end, rate };
	}
	const base = lastAt ?? now;
	const remaining = total - done;
	const endAt = (perMs: number | null) =>
		perMs === null || perMs <= 0 ? null : Math.max(now, base + remaining / perMs);
	return { eta: endAt(rate.perMs), etaLow: endAt(rate.highPerMs), etaHigh: endAt(rate.lowPerMs), rate };
}

export interface StallInput {
	startedAt: number | null;
	finishedAt: number | null;
	lastProgressAt: number | null;
	now: number;
	stallAfterMs: number;
}

/** Started, not finished, and no progress (since the start, if none yet) for longer than allowed. */
export function isStalled(s: StallInput): boolean {
	if (s.startedAt === null || s.finishedAt !== null) return false;
	return s.now - (s.lastProgressAt ?? s.startedAt) > s.stallAfterMs;
}

/** At most `max` points (never fewer than the first and the last), evenly spread over the series, for charts. */
export function downsample(points: readonly [number, number][], max: number): [number, number][] {
	const count = Math.max(2, Math.floor(max));
	if (points.length <= count) return points.slice();
	const step = (points.length - 1) / (count - 1);
	const kept: [number, number][] = [];
	for (let i = 0; i < count; i++) kept.push(points[Math.round(i * step)]);
	return kept;
}

/** The longest a transfer may be planned to take, by duration or by rate (as long as a task's longest). */
export const MAX_PLANNED_MINUTES = 100_000;

/** What a stream's plan says: a rate per hour, or a duration for its total (either may be missing). */
export interface TransferPlan {
	total: number;
	plannedRatePerHour: number | null;
	plannedMinutes: number | null;
}

/** The planned rate in units per ms: the stated one, or the total over the planned duration; null without a plan. */
export function plannedRatePerMs(t: TransferPlan): number | null {
	if (t.plannedRatePerHour) return t.plannedRatePerHour / 3_600_000;
	if (t.plannedMinutes) return t.total / (t.plannedMinutes * 60_000);
	return null;
}

/**
 * The planned duration in ms: the stated one, or the total at the planned rate, at most the longest plan (a total
 * that reports raised far past what the planned rate moves would otherwise plan a transfer for ever); null
 * without a plan.
 */
export function plannedDurationMs(t: TransferPlan): number | null {
	if (t.plannedMinutes) return t.plannedMinutes * 60_000;
	const rate = plannedRatePerMs(t);
	return rate ? Math.min(t.total / rate, MAX_PLANNED_MINUTES * 60_000) : null;
}
