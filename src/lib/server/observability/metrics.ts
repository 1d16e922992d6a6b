/**
 * golive's own Prometheus metrics (prom-client): what an operator watches to know the instance is well: clients
 * connected, events published and how late they reach the boards, how long writes take, the database pool and
 * the forecast. The metric objects live here, framework-free; the hot paths call them directly (an increment or
 * an observation costs well under a microsecond), and the gauges that describe the app are read when scraped.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CutoverEvent } from '../../shared/events';

export const registry = new Registry();

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const writeSeconds = new Histogram({
	name: 'golive_write_duration_seconds',
	help: 'Time from the start of a change to its commit (lock, work, events, commit), by outcome',
	labelNames: ['outcome'] as const,
	buckets: LATENCY_BUCKETS,
	registers: [registry]
});

export const eventsPublished = new Counter({
	name: 'golive_events_published_total',
	help: "Events this instance published to its boards, by type (its own commits and other instances')",
	labelNames: ['type'] as const,
	registers: [registry]
});

export const fanoutLagSeconds = new Histogram({
	name: 'golive_fanout_lag_seconds',
	help: "Time from an event's commit to its emission to this instance's boards",
	buckets: LATENCY_BUCKETS,
	registers: [registry]
});

export const httpRequests = new Counter({
	name: 'golive_http_requests_total',
	help: 'HTTP requests answered, by method and status code',
	labelNames: ['method', 'code'] as const,
	registers: [registry]
});

export const httpSeconds = new Histogram({
	name: 'golive_http_request_duration_seconds',
	help: 'Time from a request to the end of its answer, by method',
	labelNames: ['method'] as const,
	buckets: LATENCY_BUCKETS,
	registers: [registry]
});

export const forecastSeconds = new Histogram({
	name: 'golive_forecast_duration_seconds',
	help: "One forecast's simulation time",
	buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
	registers: [registry]
});

/** Counts an event published to the boards and how long after its commit that was. */
export function notePublished(event: CutoverEvent, now = Date.now()): void {
	eventsPublished.inc({ type: event.type });
	fanoutLagSeconds.observe(Math.max(0, now - Date.parse(event.at)) / 1000);
}

/** What the scrape reads from the running instance. */
export interface InstanceGauges {
	socketClients(): number;
	forecastLeaseHeld(): boolean;
	/** The pool's connections by state, or null when the database cannot be asked. */
	databaseConnections(): Promise<{ max: number; byState: Record<string, number> } | null>;
}

let defaultsCollected = false;

/** Registers the gauges read from a running instance, and the process's own metrics (CPU, memory, event loop). */
export function instrumentInstance(gauges: InstanceGauges): void {
	// The event-loop lag sampled every 100 ms, not every 10: a stall still shows in full (the next sample is that
	// late), and an idle instance wakes 10 times a second instead of 100 (about 9 ms of CPU a second here).
	if (!defaultsCollected)
		collectDefaultMetrics({ register: registry, prefix: 'golive_', eventLoopMonitoringPrecision: 100 });
	defaultsCollected = true;
	for (const name of [
		'golive_socket_clients',
		'golive_forecast_lease_held',
		'golive_database_up',
		'golive_db_connections',
		'golive_db_pool_max'
	])
		registry.removeSingleMetric(name);
	new Gauge({
		name: 'golive_socket_clients',
		help: 'Socket clients connected to this instance',
		registers: [registry],
		collect() {
			this.set(gauges.socketClients());
		}
	});
	new Gauge({
		name: 'golive_forecast_lease_held',
		help: '1 when this instance holds the forecast lease (runs the forecasts of the cluster)',
		registers: [registry],
		collect() {
			this.set(gauges.forecastLeaseHeld() ? 1 : 0);
		}
	});
	const poolMax = new Gauge({
		name: 'golive_db_pool_max',
		help: 'Connections the pool may open',
		registers: [registry]
	});
	const up = new Gauge({
		name: 'golive_database_up',
		help: '1 when the database answered the scrape',
		registers: [registry]
	});
	new Gauge({
		name: 'golive_db_connections',
		help: "This instance's open database connections, by state (active, idle, idle in transaction)",
		labelNames: ['state'] as const,
		registers: [registry],
		async collect() {
			const pool = await gauges.databaseConnections();
			up.set(pool ? 1 : 0);
			this.reset();
			if (!pool) return;
			poolMax.set(pool.max);
			for (const [state, count] of Object.entries(pool.byState)) this.set({ state }, count);
		}
	});
}
