/**
 * The metrics of an incident's span, for its report: which metrics belong to it (the breach it was opened from,
 * and those measuring a service it affected), the span they are read over, and how a series is drawn (an SVG
 * path, for paper) and told (a table of a few rows, for Markdown). Pure.
 */
import type { MetricPoint } from '../metrics/series';

/** A metric's readings over the incident's span, with its lines. */
export interface SpanMetric {
	key: string;
	name: string;
	unit: string;
	warning: number | null;
	critical: number | null;
	from: string;
	to: string;
	/** [epoch ms, value, min, max], oldest first. */
	points: MetricPoint[];
}

/** At most this many metrics in a report: the breach's first, then the catalogue's order. */
export const SPAN_METRICS_MAX = 6;
/** The span reaches this far before the start and after the end, so the run-up and the recovery show. */
export const SPAN_MARGIN_MS = 10 * 60_000;

/** The span an incident's metrics are read over: around its start and its end (or now), never past now. */
export function incidentSpan(startedAt: string, resolvedAt: string | null, now: number) {
	const from = Date.parse(startedAt) - SPAN_MARGIN_MS;
	const end = resolvedAt === null ? now : Date.parse(resolvedAt) + SPAN_MARGIN_MS;
	return { from, to: Math.max(from + 60_000, Math.min(end, now)) };
}

/** The keys of the metrics an incident's report shows: its breach's, then those measuring a service it hurt. */
export function spanMetricKeys(
	breachMetric: string | null,
	affected: readonly string[],
	metrics: readonly { key: string; services: readonly string[] }[]
): string[] {
	const keys = new Set<string>();
	if (breachMetric && metrics.some((m) => m.key === breachMetric)) keys.add(breachMetric);
	for (const m of metrics) if (m.services.some((s) => affected.includes(s))) keys.add(m.key);
	return [...keys].slice(0, SPAN_METRICS_MAX);
}

/** A series as an SVG polyline's points in a `width` × `height` box, with the y-scale it used. */
export function chartPoints(metric: SpanMetric, width: number, height: number) {
	const from = Date.parse(metric.from);
	const to = Date.parse(metric.to);
	const values = metric.points.map((p) => p[3]);
	for (const line of [metric.warning, metric.critical]) if (line !== null) values.push(line);
	const low = Math.min(0, ...values);
	const high = Math.max(low + 1, ...values);
	const x = (t: number) => ((t - from) / Math.max(1, to - from)) * width;
	const y = (v: number) => height - ((v - low) / (high - low)) * height;
	const round = (n: number) => Math.round(n * 10) / 10;
	return {
		line: metric.points.map((p) => `${round(x(p[0]))},${round(y(p[1]))}`).join(' '),
		y: (v: number) => round(y(v)),
		low,
		high
	};
}

/** The series told in at most `rows` rows: each a stretch of time with its highest reading and its average. */
export function spanRows(
	points: readonly MetricPoint[],
	rows = 12
): { at: number; max: number; avg: number }[] {
	if (points.length === 0) return [];
	const size = Math.ceil(points.length / rows);
	const out: { at: number; max: number; avg: number }[] = [];
	for (let i = 0; i < points.length; i += size) {
		const chunk = points.slice(i, i + size);
		out.push({
			at: chunk[0]![0],
			max: Math.max(...chunk.map((p) => p[3])),
			avg: chunk.reduce((sum, p) => sum + p[1], 0) / chunk.length
		});
	}
	return out;
}
