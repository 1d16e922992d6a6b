/**
 * The window forecast of a cutover: recomputed (debounced) when something it depends on changes and on a clock
 * for open windows, published as a `forecast.computed` event with the seq it saw, stored for GET .../forecast
 * and for the chart of how the projected end moved.
 */
import type { CutoverEvent } from '../../shared/events';
import type { ForecastPoint, ForecastView } from '../../shared/schemas/transfers';
import { systemActor, type Actor } from '../auth/actor';
import { systemClock, type Clock } from '../clock';
import type { Ctx } from '../context';
import type { Db, Tx } from '../db/client';
import type { ForecastRow } from '../db/schema';
import { writeCutover } from '../events/event.service';
import { findCutover } from '../runbook/cutover-lookup';
import { loadForecastSubject, type ForecastSubject } from './forecast.inputs';
import * as q from './forecast.queries';
import type { ComputedForecast, ForecastRunner } from './forecast-runner';
import { log } from '../observability/log';
import { forecastSeconds } from '../observability/metrics';

/** Forecast points a board gets with its snapshot. */
const HISTORY_POINTS = 500;
const MINUTE = 60_000;

export interface ForecastSettings {
	samples: number;
	threshold: number;
	marginMinutes: number;
	debounceMs: number;
	/** However busy the cutover, a forecast at least this often while changes keep coming. */
	maxWaitMs: number;
	refreshMs: number;
}

export async function getForecast(
	ctx: Ctx,
	actor: Actor,
	slug: string
): Promise<{ forecast: ForecastView | null; history: ForecastPoint[] }> {
	const cutover = await findCutover(ctx, actor, slug);
	return forecastState(ctx.db, cutover.id);
}

/** The newest forecast of a cutover, as recorded with a decision's evidence (inside the decision's transaction). */
export async function latestForecastView(db: Db | Tx, cutoverId: string): Promise<ForecastView | null> {
	return (await q.latestForecast(db, cutoverId))?.view ?? null;
}

export async function forecastState(db: Db | Tx, cutoverId: string) {
	const [latest, history] = [
		await q.latestForecast(db, cutoverId),
		await q.forecastHistory(db, cutoverId, HISTORY_POINTS)
	];
	return {
		forecast: latest?.view ?? null,
		history: history.map((h) => ({
			at: h.at.getTime(),
			seq: h.seq,
			p50: h.p50.getTime(),
			p90: h.p90.getTime(),
			probability: h.probability
		}))
	};
}

export function forecastView(
	subject: ForecastSubject & { seq: number },
	computed: ComputedForecast,
	settings: Pick<ForecastSettings, 'threshold' | 'marginMinutes'>
): ForecastView {
	const windowEnd = subject.input.windowEnd;
	const riskReasons: ForecastView['riskReasons'] = [];
	if (computed.probability < settings.threshold) riskReasons.push('probability');
	if (computed.p50 > windowEnd - settings.marginMinutes * MINUTE) riskReasons.push('p50');
	const iso = (ms: number) => new Date(ms).toISOString();
	return {
		basedOnSeq: subject.seq,
		computedAt: iso(subject.input.now),
		windowEnd: iso(windowEnd),
		projectedEnd: iso(computed.projectedEnd),
		p50: iso(computed.p50),
		p90: iso(computed.p90),
		probability: computed.probability,
		samples: computed.samples,
		seed: computed.seed,
		atRisk: riskReasons.length > 0,
		riskReasons,
		threshold: settings.threshold,
		marginMinutes: settings.marginMinutes,
		drivers: computed.drivers.map((d) => ({
			kind: d.kind,
			key: d.key,
			name: (d.kind === 'task' ? subject.names.tasks : subject.names.transfers)[d.key] ?? d.key,
			criticality: d.criticality
		})),
		computeMs: Math.round(computed.computeMs * 10) / 10
	};
}

/** Whether a new forecast says something the last one did not (to the minute, to a tenth of a percent). */
function differs(a: ForecastView, b: ForecastRow): boolean {
	const v = b.view;
	const minutes = (iso: string) => Math.round(Date.parse(iso) / MINUTE);
	return (
		minutes(a.p50) !== minutes(v.p50) ||
		minutes(a.p90) !== minutes(v.p90) ||
		minutes(a.projectedEnd) !== minutes(v.projectedEnd) ||
		minutes(a.windowEnd) !== minutes(v.windowEnd) ||
		Math.round(a.probability * 1000) !== Math.round(v.probability * 1000) ||
		a.atRisk !== v.atRisk ||
		a.drivers.map((d) => d.key).join() !== v.drivers.map((d) => d.key).join()
	);
}

/** Computes a cutover's forecast now and publishes it when it changed; returns the current one. */
export async function publishForecast(
	ctx: Ctx,
	runner: ForecastRunner,
	cutoverId: string,
	settings: ForecastSettings,
	now = ctx.clock.now()
): Promise<ForecastView> {
	const subject = await loadForecastSubject(ctx.db, cutoverId, { now, samples: settings.samples });
	const computed = await runner.run(subject.input);
	forecastSeconds.observe(computed.computeMs / 1000);
	const view = forecastView(subject, computed, settings);
	// Runs of one cutover never overlap (ForecastScheduler), so the last forecast is read without the lock: an
	// unchanged forecast costs no write at all.
	const last = await q.latestForecast(ctx.db, cutoverId);
	if (last && !differs(view, last)) return last.view;
	await writeCutover(ctx, systemActor('forecast'), cutoverId, async (w) => {
		w.alongside(
			q.insertForecast(w.tx, {
				cutoverId,
				basedOnSeq: view.basedOnSeq,
				computedAt: new Date(now),
				p50: new Date(computed.p50),
				p90: new Date(computed.p90),
				probability: computed.probability,
				view
			})
		);
		w.record('forecast.computed', { forecast: view });
	});
	return view;
}

/** Events after which the forecast may have moved. */
const MOVES_FORECAST = new Set<CutoverEvent['type']>([
	'cutover.updated',
	'task.created',
	'task.updated',
	'task.transitioned',
	'runbook.imported',
	// New rehearsal figures change the spread of the tasks' durations.
	'runbook.rehearsal_recorded',
	'transfer.created',
	'transfer.updated',
	'transfer.progressed',
	// An extension moves the window end (its cutover.updated comes in the same write); a go completes a task.
	'decision.recorded'
]);

export interface ForecastSchedulerOptions {
	/** The time forecasts are made for, windows are judged open at, and debouncing and refreshes run on. */
	clock?: Clock;
	/** Where a failed run or refresh is reported; nothing in the scheduler fails silently. */
	onError?: (what: string, err: unknown) => void;
}

/** Keeps every cutover's forecast current: debounced after changes, and on a clock while its window is open. */
export class ForecastScheduler {
	readonly #clock: Clock;
	readonly #onError: (what: string, err: unknown) => void;
	#timers = new Map<string, { timer: unknown; firstAt: number }>();
	#running = new Map<string, Promise<unknown>>();
	#again = new Set<string>();
	/** Cutovers whose forecasts wait, with how many hold them. */
	#held = new Map<string, number>();
	#refresh: unknown = null;
	#unsubscribe: (() => void) | null = null;
	#closed = false;

	constructor(
		private readonly ctx: Ctx,
		private readonly runner: ForecastRunner,
		private readonly settings: ForecastSettings,
		options: ForecastSchedulerOptions = {}
	) {
		this.#clock = options.clock ?? systemClock;
		this.#onError = options.onError ?? ((what, err) => log.error({ err }, what));
	}

	start(): this {
		this.runner.warm();
		this.#unsubscribe = this.ctx.bus.subscribe((cutoverId, event) => {
			if (MOVES_FORECAST.has(event.type)) this.request(cutoverId);
		});
		this.#refresh = this.#clock.setInterval(
			() => void this.refreshOpen().catch((err) => this.#onError('forecast refresh failed', err)),
			this.settings.refreshMs
		);
		return this;
	}

	/**
	 * Holds a cutover's forecasts until the returned release, which asks for one at once: the demo holds its
	 * cutover while it catches up on the past, so no forecast is made of a state half played, on a clock the play
	 * has not reached yet. A forecast already running when the hold begins still finishes.
	 */
	hold(cutoverId: string): () => void {
		this.#held.set(cutoverId, (this.#held.get(cutoverId) ?? 0) + 1);
		const pending = this.#timers.get(cutoverId);
		if (pending) {
			this.#clock.clearTimeout(pending.timer);
			this.#timers.delete(cutoverId);
		}
		let released = false;
		return () => {
			if (released) return;
			released = true;
			const left = this.#held.get(cutoverId)! - 1;
			if (left > 0) return void this.#held.set(cutoverId, left);
			this.#held.delete(cutoverId);
			this.request(cutoverId);
		};
	}

	/** Asks for a forecast soon: changes arriving together make one computation. */
	request(cutoverId: string): void {
		if (this.#closed || this.#held.has(cutoverId)) return;
		const now = this.#clock.now();
		const pending = this.#timers.get(cutoverId);
		if (pending) {
			if (now - pending.firstAt >= this.settings.maxWaitMs) return; // it fires soon anyway
			this.#clock.clearTimeout(pending.timer);
		}
		const delay = Math.min(
			this.settings.debounceMs,
			this.settings.maxWaitMs - (pending ? now - pending.firstAt : 0)
		);
		this.#timers.set(cutoverId, {
			firstAt: pending?.firstAt ?? now,
			timer: this.#clock.setTimeout(
				() => {
					this.#timers.delete(cutoverId);
					void this.run(cutoverId).catch((err) => this.#onError('forecast failed', err));
				},
				Math.max(0, delay)
			)
		});
	}

	/** Computes now; a run already going for the cutover is followed by one more, never two at once. */
	async run(cutoverId: string): Promise<ForecastView | null> {
		const running = this.#running.get(cutoverId);
		if (running) {
			this.#again.add(cutoverId);
			await running;
			return null;
		}
		const run = publishForecast(this.ctx, this.runner, cutoverId, this.settings, this.#clock.now());
		this.#running.set(cutoverId, run);
		try {
			return await run;
		} finally {
			this.#running.delete(cutoverId);
			if (this.#again.delete(cutoverId) && !this.#closed) this.request(cutoverId);
		}
	}

	/** Asks for a forecast of every open window (the clock moves them); returns the cutovers asked for. */
	async refreshOpen(): Promise<string[]> {
		const ids = await q.openCutoverIds(this.ctx.db, new Date(this.#clock.now()));
		for (const id of ids) this.request(id);
		return ids;
	}

	/** Resolves once no forecast is being computed (tests that move the clock wait for the runs they started). */
	async idle(): Promise<void> {
		while (this.#running.size) await Promise.allSettled(this.#running.values());
	}

	async close(): Promise<void> {
		this.#closed = true;
		this.#unsubscribe?.();
		if (this.#refresh) this.#clock.clearInterval(this.#refresh);
		for (const { timer } of this.#timers.values()) this.#clock.clearTimeout(timer);
		this.#timers.clear();
		await Promise.allSettled(this.#running.values());
		await this.runner.close();
	}
}
