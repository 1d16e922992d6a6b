/**
 * Data transfers on a live board: the streams with their done-over-time charts, and the server's Monte Carlo
 * forecast of the window with its history. Progress events carry only what progress moves; they are merged into
 * the stream held, adding the latest point to its chart.
 */
import type { BoardSnapshot } from '../../shared/events';
import type {
	ForecastPoint,
	ForecastView,
	ProgressPoint,
	TransferProgressView,
	TransferView
} from '../../shared/schemas/transfers';
import type { LiveCore } from './core.svelte';
import type { LiveSlice, Reducers } from './slices';

type TransferEvents = 'transfer.created' | 'transfer.updated' | 'transfer.progressed' | 'forecast.computed';

/** Points kept per transfer chart and for the forecast's history (the server downsamples snapshots). */
const TRANSFER_HISTORY_LIMIT = 2_000;
const FORECAST_HISTORY_LIMIT = 500;

export class TransfersSlice implements LiveSlice<TransferEvents> {
	/** Data transfer streams in board order, each with its done-over-time history. */
	streams = $state.raw<TransferView[]>([]);
	/** The server's Monte Carlo forecast (P50/P90, probability, drivers), null until one is computed. */
	serverForecast = $state.raw<ForecastView | null>(null);
	/** How the forecast moved, oldest first. */
	forecastHistory = $state.raw<ForecastPoint[]>([]);

	readonly #core: LiveCore;

	constructor(core: LiveCore) {
		this.#core = core;
	}

	readonly reducers: Reducers<TransferEvents> = {
		'transfer.created': ({ data }) => this.#apply([data.transfer], false),
		'transfer.updated': ({ data }) => this.#apply([data.transfer], true),
		'transfer.progressed': ({ data }) => this.#apply(data.transfers, true),
		// Nothing the board derives itself depends on the server's forecast.
		'forecast.computed': ({ data: { forecast: f } }) => {
			this.serverForecast = f;
			this.forecastHistory = [
				...this.forecastHistory.slice(-(FORECAST_HISTORY_LIMIT - 1)),
				{
					at: Date.parse(f.computedAt),
					seq: f.basedOnSeq,
					p50: Date.parse(f.p50),
					p90: Date.parse(f.p90),
					probability: f.probability
				}
			];
		}
	};

	reset(snapshot: BoardSnapshot): void {
		this.streams = snapshot.transfers;
		this.serverForecast = snapshot.forecast;
		this.forecastHistory = snapshot.forecastHistory;
	}

	#apply(updates: readonly (TransferView | TransferProgressView)[], historyIsDelta: boolean): void {
		for (const next of updates) this.#put(next, historyIsDelta);
		// Tasks may wait for transfers: the board's projection follows.
		this.#core.invalidate();
	}

	/** A whole stream (its history replaces the chart's when given whole), or progress merged into the one held. */
	#put(next: TransferView | TransferProgressView, historyIsDelta: boolean): void {
		const current = this.streams.find((t) => t.key === next.key);
		if (!current && !('name' in next)) return;
		const merged: TransferView = {
			...(current as TransferView),
			...next,
			history: this.#history(current, next, historyIsDelta)
		};
		this.streams = (
			current ? this.streams.map((t) => (t.key === next.key ? merged : t)) : [...this.streams, merged]
		).sort((a, b) => a.position - b.position);
	}

	/** The chart's points after an update: a progress event adds its latest point; a new series starts over. */
	#history(
		current: TransferView | undefined,
		next: TransferView | TransferProgressView,
		historyIsDelta: boolean
	): ProgressPoint[] {
		const sameSeries = current !== undefined && current.series === next.series;
		if (!('history' in next)) {
			const at = next.lastProgressAt === null ? null : Date.parse(next.lastProgressAt);
			const kept = sameSeries ? current.history : [];
			const last = kept.at(-1);
			if (at === null || (last && last[0] >= at)) return kept;
			return [...kept, [at, next.done] as ProgressPoint].slice(-TRANSFER_HISTORY_LIMIT);
		}
		return historyIsDelta && sameSeries
			? [...current.history, ...next.history].slice(-TRANSFER_HISTORY_LIMIT)
			: next.history;
	}
}
