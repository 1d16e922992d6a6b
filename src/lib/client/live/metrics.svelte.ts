/**
 * A cutover's metrics on a live board: each definition with its latest reading, its breach level and its recent
 * chart. Readings arrive coalesced (`metrics.updated`, at most one a second); each adds its point to the chart.
 */
import type { BoardSnapshot } from '../../shared/events';
import type { MetricPoint } from '../../shared/metrics/series';
import type { SourceView } from '../../shared/schemas/metric-sources';
import type { MetricUpdate, MetricView } from '../../shared/schemas/metrics';
import type { LiveSlice, Reducers } from './slices';

type MetricEvents =
	| 'metric.created'
	| 'metric.updated'
	| 'metric.removed'
	| 'metrics.updated'
	| 'metric.breached'
	| 'metric.cleared'
	| `metric_source.${'created' | 'updated' | 'removed' | 'down' | 'up'}`;

/** How far back a metric's recent chart reaches (as the snapshot's), and the most points it keeps. */
const RECENT_MS = 15 * 60_000;
const RECENT_LIMIT = 1_000;

export class MetricsSlice implements LiveSlice<MetricEvents> {
	/** The metrics in board order. */
	metrics = $state.raw<MetricView[]>([]);

	readonly reducers: Reducers<MetricEvents> = {
		'metric.created': ({ data }) => this.#put(data.metric),
		'metric.updated': ({ data }) => this.#put(data.metric),
		'metric.removed': ({ data }) => (this.metrics = this.metrics.filter((m) => m.key !== data.key)),
		'metrics.updated': ({ data }) => {
			const updates = new Map(data.metrics.map((u) => [u.key, u]));
			this.metrics = this.metrics.map((m) => {
				const u = updates.get(m.key);
				return u ? { ...m, ...u, recent: withReading(m.recent, u) } : m;
			});
		},
		// The readings and levels come in the metrics.updated of the same write: nothing more to hold here.
		'metric.breached': () => {},
		'metric.cleared': () => {},
		// A source's state shows on the metrics it feeds: down, their readings are stale.
		'metric_source.down': ({ data }) => this.#sourceState(data.source),
		'metric_source.up': ({ data }) => this.#sourceState(data.source),
		'metric_source.updated': ({ data }) => this.#sourceState(data.source),
		// A new source feeds no metric yet, and a source is removed only once none reads it.
		'metric_source.created': () => {},
		'metric_source.removed': () => {}
	};

	reset(snapshot: BoardSnapshot): void {
		this.metrics = snapshot.metrics;
	}

	#sourceState(source: SourceView): void {
		const down = source.state === 'down';
		this.metrics = this.metrics.map((m) =>
			m.source === source.key && m.sourceDown !== down ? { ...m, sourceDown: down } : m
		);
	}

	/** A definition, new or changed: a changed one keeps the chart held (an event carries none). */
	#put(next: MetricView): void {
		const current = this.metrics.find((m) => m.key === next.key);
		const merged = current ? { ...next, recent: current.recent } : next;
		this.metrics = (
			current ? this.metrics.map((m) => (m.key === next.key ? merged : m)) : [...this.metrics, merged]
		).sort((a, b) => a.position - b.position);
	}
}

/** The recent chart with a new reading added (later than its last point), cut to the recent span. */
export function withReading(recent: readonly MetricPoint[], update: MetricUpdate): MetricPoint[] {
	if (update.value === null || update.lastAt === null) return [...recent];
	const at = Date.parse(update.lastAt);
	const last = recent.at(-1);
	if (last && last[0] >= at) return [...recent];
	const kept = recent.filter(([t]) => t > at - RECENT_MS);
	return [...kept, [at, update.value, update.value, update.value] as MetricPoint].slice(-RECENT_LIMIT);
}
