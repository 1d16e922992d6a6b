import { describe, expect, it } from 'vitest';
import { medianOf, summarize } from './stats';

describe('medianOf', () => {
	it('takes the median of every numeric figure, leaf by leaf', () => {
		const runs = [
			{ cpu: 30, latency: { p95: 40, p99: 90 }, growth: null },
			{ cpu: 10, latency: { p95: 60, p99: 70 }, growth: null },
			{ cpu: 20, latency: { p95: 50, p99: 80 }, growth: null }
		];
		expect(medianOf(runs)).toEqual({ cpu: 20, latency: { p95: 50, p99: 80 }, growth: null });
	});

	it('averages the middle two of an even count and ignores runs without a figure', () => {
		expect(medianOf([4, 1, 3, 2])).toBe(2.5);
		expect(medianOf([NaN, 5, 7])).toBe(6);
	});
});

describe('summarize', () => {
	it('reports nearest-rank percentiles', () => {
		const values = Array.from({ length: 100 }, (_, i) => 100 - i);
		expect(summarize(values)).toEqual({ p50: 50, p95: 95, p99: 99, max: 100 });
	});
});
