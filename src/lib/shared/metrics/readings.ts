/**
 * How a metric's samples are read. A gauge and a quantile (a p95 response time) are read as pushed; a `rate` is
 * a counter (a running total, as Prometheus counters are) read as its increase per second between consecutive
 * samples. A counter that went down was restarted: its increase is then its new value (counted from zero).
 */
import type { MetricKind } from './state';

/** One sample as stored: when (epoch ms) and the value pushed. */
export interface Sample {
	at: number;
	value: number;
}

/** What is shown and judged against the lines: the sample as read. */
export type Reading = Sample;

/** The increase of a counter from `before` to `after`, a restart counted from zero. */
export const counterIncrease = (before: number, after: number): number =>
	after >= before ? after - before : after;

/**
 * The readings of samples in time order; `previous` is the sample before them (a rate's first reading needs it),
 * null when there is none. A rate has no reading for two samples at the same instant.
 */
export function readingsOf(kind: MetricKind, previous: Sample | null, samples: readonly Sample[]): Reading[] {
	if (kind !== 'rate') return samples.map((s) => ({ at: s.at, value: s.value }));
	const readings: Reading[] = [];
	let before = previous;
	for (const s of samples) {
		if (before && s.at > before.at)
			readings.push({
				at: s.at,
				value: (counterIncrease(before.value, s.value) * 1000) / (s.at - before.at)
			});
		before = s;
	}
	return readings;
}
