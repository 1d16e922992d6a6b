import { describe, expect, it } from 'vitest';
import type { MetricPoint } from './metrics/series';
import {
	breachedMetrics,
	seriesRange,
	sparkline,
	turnedCritical,
	worstLevel,
	type LoadMetric
} from './load-view';

const metric = (key: string, level: LoadMetric['level'], position: number): LoadMetric => ({
	key,
	name: key,
	level,
	position
});

describe('breached metrics and the worst level', () => {
	const metrics = [
		metric('a', 'warning', 1),
		metric('b', 'ok', 2),
		metric('c', 'critical', 3),
		metric('d', 'warning', 0)
	];

	it('lists the breached ones, critical first, then in board order', () => {
		expect(breachedMetrics(metrics).map((m) => m.key)).toEqual(['c', 'd', 'a']);
	});

	it('reads the worst level, ok without metrics', () => {
		expect(worstLevel(metrics)).toBe('critical');
		expect(worstLevel(metrics.filter((m) => m.level !== 'critical'))).toBe('warning');
		expect(worstLevel([])).toBe('ok');
	});
});

describe('turning critical', () => {
	it('names a metric once, when it becomes critical', () => {
		const first = turnedCritical(new Map(), [metric('a', 'ok', 1), metric('b', 'critical', 2)]);
		expect(first.keys).toEqual(['b']);
		const again = turnedCritical(first.levels, [metric('a', 'critical', 1), metric('b', 'critical', 2)]);
		expect(again.keys).toEqual(['a']);
		const cleared = turnedCritical(again.levels, [metric('a', 'warning', 1), metric('b', 'critical', 2)]);
		expect(cleared.keys).toEqual([]);
		expect(turnedCritical(cleared.levels, [metric('a', 'critical', 1)]).keys).toEqual(['a']);
	});
});

describe('sparkline', () => {
	const points: MetricPoint[] = [
		[0, 10, 10, 10],
		[50, 20, 20, 20],
		[100, 0, 0, 0]
	];

	it('draws the points across the box, the highest at the top', () => {
		expect(sparkline(points, 100, 20).path).toBe('M0 10 L50 0 L100 20');
	});

	it('fits the lines into the scale and places them', () => {
		const line = sparkline(points, 100, 20, [40, null]);
		expect(line.path).toBe('M0 15 L50 10 L100 20');
		expect(line.lineY(40)).toBe(0);
		expect(line.lineY(null)).toBeNull();
	});

	it('draws a flat or single point in the middle, and nothing without points', () => {
		expect(sparkline([[5, 3, 3, 3]], 100, 20).path).toBe('M50 10');
		expect(sparkline([], 100, 20).path).toBe('');
		expect(sparkline([], 100, 20, [5]).lineY(5)).toBeNull();
	});
});

describe('series ranges', () => {
	const window = { start: 1_000_000, end: 9_000_000 };

	it('reaches back from now', () => {
		expect(seriesRange('15m', 5_000_000, window)).toEqual({ from: 5_000_000 - 900_000, to: 5_000_000 });
		expect(seriesRange('24h', 5_000_000, window).from).toBe(5_000_000 - 86_400_000);
	});

	it('covers the window up to now, or all of a past one', () => {
		expect(seriesRange('window', 5_000_000, window)).toEqual({ from: 1_000_000, to: 5_000_000 });
		expect(seriesRange('window', 20_000_000, window)).toEqual({ from: 1_000_000, to: 9_000_000 });
		// Before the window opens: the last minute, so the range is never empty.
		expect(seriesRange('window', 500_000, window)).toEqual({ from: 440_000, to: 500_000 });
	});
});
