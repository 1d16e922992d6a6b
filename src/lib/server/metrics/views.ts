/** Metric rows to the wire shapes of `$lib/shared/schemas/metrics`, and back to the state machine's terms. */
import type { MetricPoint } from '../../shared/metrics/series';
import type { MetricLines, MetricState, Transition } from '../../shared/metrics/state';
import type { MetricTransitionView, MetricUpdate, MetricView } from '../../shared/schemas/metrics';
import type { SourceView } from '../../shared/schemas/metric-sources';
import type { MetricRow, MetricSourceRow } from '../db/schema';

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** What samples move of a metric: its latest reading and level. */
export function metricToUpdate(m: MetricRow): MetricUpdate {
	return {
		key: m.key,
		level: m.level,
		levelSince: iso(m.levelSince),
		lastAt: iso(m.lastAt),
		raw: m.lastRaw,
		value: m.lastValue
	};
}

const NO_SOURCE_DOWN: ReadonlySet<string> = new Set();

/** `downSources`: the keys of the cutover's sources that are down (their metrics' readings are stale). */
export function metricToView(
	m: MetricRow,
	recent: MetricPoint[],
	downSources: ReadonlySet<string> = NO_SOURCE_DOWN
): MetricView {
	return {
		name: m.name,
		unit: m.unit,
		kind: m.kind,
		direction: m.direction,
		warning: m.warning,
		critical: m.critical,
		sustainSeconds: m.sustainSeconds,
		clearMargin: m.clearMargin,
		position: m.position,
		version: m.version,
		source: m.sourceKey,
		selector: m.selector,
		services: m.services,
		sourceDown: m.sourceKey !== null && downSources.has(m.sourceKey),
		recent,
		...metricToUpdate(m)
	};
}

export const linesOf = (m: MetricRow): MetricLines => ({
	kind: m.kind,
	direction: m.direction,
	warning: m.warning,
	critical: m.critical,
	sustainSeconds: m.sustainSeconds,
	clearMargin: m.clearMargin
});

export const stateOf = (m: MetricRow): MetricState => ({
	level: m.level,
	levelSince: m.levelSince?.getTime() ?? null,
	warning: m.tracks.warning,
	critical: m.tracks.critical,
	lastAt: m.lastAt?.getTime() ?? null,
	lastRaw: m.lastRaw,
	value: m.lastValue
});

/** A state as the metric's row keeps it. */
export const stateColumns = (s: MetricState) => ({
	level: s.level,
	levelSince: s.levelSince === null ? null : new Date(s.levelSince),
	tracks: { warning: s.warning, critical: s.critical },
	lastAt: s.lastAt === null ? null : new Date(s.lastAt),
	lastRaw: s.lastRaw,
	lastValue: s.value
});

export const transitionToView = (key: string, t: Transition): MetricTransitionView => ({
	metric: key,
	level: t.level,
	from: t.from,
	to: t.to,
	value: t.value,
	at: new Date(t.at).toISOString(),
	since: new Date(t.since).toISOString()
});

export const sourceToView = (s: MetricSourceRow): SourceView => ({
	key: s.key,
	kind: s.kind,
	url: s.url,
	intervalSeconds: s.intervalSeconds,
	timeoutMs: s.timeoutMs,
	state: s.state,
	lastError: s.lastError,
	lastPullAt: iso(s.lastPullAt),
	lastSuccessAt: iso(s.lastSuccessAt),
	version: s.version
});
