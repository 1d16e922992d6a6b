/** Percentiles and the figures the budgets are stated in. */
export function percentile(sorted: readonly number[], p: number): number {
	if (sorted.length === 0) return NaN;
	const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[i];
}

export interface LatencySummary {
	p50: number;
	p95: number;
	p99: number;
	max: number;
}

export function summarize(values: readonly number[]): LatencySummary {
	const sorted = [...values].sort((a, b) => a - b);
	return {
		p50: percentile(sorted, 50),
		p95: percentile(sorted, 95),
		p99: percentile(sorted, 99),
		max: sorted.at(-1) ?? NaN
	};
}

export const round = (v: number, digits = 1) => (Number.isFinite(v) ? Number(v.toFixed(digits)) : v);

/**
 * The run-by-run median of every numeric figure of a result (nulls stay null): with `--repeat`, one noisy run
 * no longer decides a budget.
 */
export function medianOf<T>(results: readonly T[]): T {
	const first = results[0];
	if (typeof first === 'number') {
		const sorted = (results as readonly number[]).filter(Number.isFinite).sort((a, b) => a - b);
		if (sorted.length === 0) return first;
		const mid = sorted.length / 2;
		return (Number.isInteger(mid) ? (sorted[mid - 1] + sorted[mid]) / 2 : sorted[Math.floor(mid)]) as T;
	}
	if (first === null || typeof first !== 'object') return first;
	const out: Record<string, unknown> = {};
	for (const key of Object.keys(first))
		out[key] = medianOf(results.map((r) => (r as Record<string, unknown>)[key]));
	return out as T;
}
