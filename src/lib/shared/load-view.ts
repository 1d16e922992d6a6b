/**
 * What the room sees of a cutover's metrics, as pure functions: which metrics are breached (critical first),
 * the worst level, a sparkline's path, the chart's time ranges, and which metrics just turned critical.
 */
import { METRIC_LEVELS, type MetricLevel } from './metrics/state';
import type { MetricPoint } from './metrics/series';

/** What these functions read of a metric. */
export interface LoadMetric {
	key: string;
	name: string;
	level: MetricLevel;
	position: number;
}

/** A level's severity: its place in the one order of levels (ok, warning, critical). */
const severity = (level: MetricLevel) => METRIC_LEVELS.indexOf(level);

/** The metrics past a line, critical ones first, each group in board order. */
export function breachedMetrics<T extends LoadMetric>(metrics: readonly T[]): T[] {
	return metrics
		.filter((m) => m.level !== 'ok')
		.sort((a, b) => severity(b.level) - severity(a.level) || a.position - b.position);
}

/** The most severe level among the metrics; ok when there are none. */
export function worstLevel(metrics: readonly LoadMetric[]): MetricLevel {
	return metrics.reduce<MetricLevel>((w, m) => (severity(m.level) > severity(w) ? m.level : w), 'ok');
}

/**
 * The keys of the metrics critical now that were not critical before (known before at another level, or new),
 * and the levels to remember for the next call.
 */
export function turnedCritical(
	before: ReadonlyMap<string, MetricLevel>,
	metrics: readonly LoadMetric[]
): { keys: string[]; levels: Map<string, MetricLevel> } {
	const keys = metrics
		.filter((m) => m.level === 'critical' && before.get(m.key) !== 'critical')
		.map((m) => m.key);
	return { keys, levels: new Map(metrics.map((m) => [m.key, m.level])) };
}

export interface Sparkline {
	/** An SVG path through the points' values; empty for no points. */
	path: string;
	/** Where a value's horizontal line sits in the box, or null for an unset line or no points. */
	lineY: (value: number | null) => number | null;
}

/**
 * A sparkline of the points in a `width` x `height` box (y down), scaled so the given lines (the warning and
 * critical values, when set) fit in it too.
 */
export function sparkline(
	points: readonly MetricPoint[],
	width: number,
	height: number,
	lines: readonly (number | null)[] = []
): Sparkline {
	if (!points.length) return { path: '', lineY: () => null };
	const values = [...points.map((p) => p[1]), ...lines.filter((l): l is number => l !== null)];
	const lo = Math.min(...values);
	const hi = Math.max(...values);
	const t0 = points[0][0];
	const dt = points[points.length - 1][0] - t0;
	const round = (n: number) => Math.round(n * 10) / 10;
	const x = (t: number) => round(dt > 0 ? ((t - t0) / dt) * width : width / 2);
	const y = (v: number) => round(hi > lo ? height - ((v - lo) / (hi - lo)) * height : height / 2);
	return {
		path: points.map((p, i) => `${i ? 'L' : 'M'}${x(p[0])} ${y(p[1])}`).join(' '),
		lineY: (value) => (value === null ? null : y(value))
	};
}

/** The ranges a metric's chart offers: the last 15 minutes, hour, 6 hours, 24 hours, or the cutover's window. */
export const SERIES_RANGES = ['15m', '1h', '6h', '24h', 'window'] as const;
export type SeriesRange = (typeof SERIES_RANGES)[number];

const RANGE_MS: Record<Exclude<SeriesRange, 'window'>, number> = {
	'15m': 15 * 60_000,
	'1h': 3_600_000,
	'6h': 6 * 3_600_000,
	'24h': 24 * 3_600_000
};

/** The instants a range covers at `now`; the window's ends at the latest at now (no readings lie ahead). */
export function seriesRange(
	range: SeriesRange,
	now: number,
	window: { start: number; end: number }
): { from: number; to: number } {
	if (range !== 'window') return { from: now - RANGE_MS[range], to: now };
	const to = Math.min(window.end, now);
	return { from: Math.min(window.start, to - 60_000), to };
}
