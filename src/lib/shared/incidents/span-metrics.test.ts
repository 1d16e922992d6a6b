import { describe, expect, it } from 'vitest';
import { chartPoints, incidentSpan, spanMetricKeys, spanRows, SPAN_METRICS_MAX } from './span-metrics';

describe("an incident's metrics", () => {
	it('are its breach’s first, then those measuring a service it affected, at most a few', () => {
		const metrics = [
			{ key: 'cpu', services: ['market'] },
			{ key: 'users', services: ['customer', 'market'] },
			{ key: 'p95', services: [] }
		];
		expect(spanMetricKeys('p95', ['customer'], metrics)).toEqual(['p95', 'users']);
		expect(spanMetricKeys(null, ['market'], metrics)).toEqual(['cpu', 'users']);
		// A breach of a metric since removed is left out.
		expect(spanMetricKeys('gone', [], metrics)).toEqual([]);
		const many = Array.from({ length: 10 }, (_, i) => ({ key: `m${i}`, services: ['customer'] }));
		expect(spanMetricKeys(null, ['customer'], many)).toHaveLength(SPAN_METRICS_MAX);
	});

	it('are read from ten minutes before the start to ten after the end, never past now', () => {
		const start = Date.parse('2026-12-05T06:00:00Z');
		expect(incidentSpan('2026-12-05T06:00:00Z', '2026-12-05T07:00:00Z', start + 5 * 3_600_000)).toEqual({
			from: start - 600_000,
			to: start + 3_600_000 + 600_000
		});
		expect(incidentSpan('2026-12-05T06:00:00Z', null, start + 120_000)).toEqual({
			from: start - 600_000,
			to: start + 120_000
		});
	});

	it('are told in a few rows, each with the highest reading and the average of its stretch', () => {
		const points = Array.from(
			{ length: 24 },
			(_, i) => [i * 1000, i, i, i === 5 ? 99 : i] as [number, number, number, number]
		);
		const rows = spanRows(points, 12);
		expect(rows).toHaveLength(12);
		expect(rows[0]).toEqual({ at: 0, max: 1, avg: 0.5 });
		expect(rows[2]).toEqual({ at: 4000, max: 99, avg: 4.5 });
		expect(spanRows([], 12)).toEqual([]);
	});

	it('are drawn inside their box, lines included in the scale', () => {
		const chart = chartPoints(
			{
				key: 'users',
				name: 'Users',
				unit: '',
				warning: 80,
				critical: 100,
				from: new Date(0).toISOString(),
				to: new Date(10_000).toISOString(),
				points: [
					[0, 0, 0, 0],
					[10_000, 50, 50, 50]
				]
			},
			200,
			100
		);
		expect(chart.line).toBe('0,100 200,50');
		expect(chart.y(100)).toBe(0);
		expect(chart.high).toBe(100);
	});
});
