/**
 * Is the window forecast's probability calibrated? Simulated cutovers whose true course is known are replayed:
 * at moments along each, the forecast sees only what golive would have seen by then (finished and running
 * tasks, the transfers' progress reports) and says how likely the window holds; afterwards each of those
 * moments is scored against what happened. Of the moments it said ~80 %, about 80 % should have finished in
 * time. The truth is drawn from a world unlike the forecast's own model: tasks overrun with a heavier tail, and
 * a transfer may slow down or speed up part-way, as the customer transfer did in the demo.
 */
import type { ForecastTask, ForecastTransfer } from './graph';
import { createRandom, triangular } from './random';
import { simulateForecast } from './simulate';
import { estimateRate, transferEta, type ProgressSample } from './transfer-rate';

const MINUTE = 60_000;
/** Progress reports come once a minute; the server estimates over the last 30 minutes, as here. */
const REPORT_EVERY_MS = MINUTE;
const RATE_WINDOW_MS = 30 * MINUTE;
const TRANSFER_TOTAL = 1_000_000;

interface WorldTask {
	key: string;
	plannedMinutes: number;
	dependsOn: string[];
	dependsOnTransfers: string[];
	start: number;
	end: number;
}

interface WorldTransfer {
	key: string;
	dependsOn: string[];
	plannedMs: number;
	start: number;
	end: number;
	/** The true reports, one a minute from the start until done. */
	reports: ProgressSample[];
}

export interface World {
	windowStart: number;
	windowEnd: number;
	tasks: WorldTask[];
	transfers: WorldTransfer[];
	end: number;
}

/** One scored moment: what the forecast said, and whether the window held. */
export interface Verdict {
	probability: number;
	onTime: boolean;
}

export interface CalibrationOptions {
	worlds: number;
	seed: number;
	/** How often along a cutover the forecast is asked. */
	everyMinutes?: number;
	/** Monte Carlo samples per forecast. */
	samples?: number;
}

export interface CalibrationBin {
	from: number;
	to: number;
	count: number;
	meanProbability: number;
	observed: number;
}

export interface CalibrationReport {
	verdicts: number;
	bins: CalibrationBin[];
	brier: number;
	/** The Brier score of always saying the overall on-time share: what a forecast must beat to say anything. */
	baseRateBrier: number;
	onTimeShare: number;
}

/** A runbook of prep tasks, parallel transfers, a validation task per transfer and two closing tasks. */
export function drawWorld(seed: number, windowStart: number): World {
	const rand = createRandom(seed);
	const between = (low: number, high: number) => low + (high - low) * rand();
	const count = (low: number, high: number) => Math.floor(between(low, high + 1));
	// Truth for a task: mostly the spread the forecast assumes, one in ten overruns badly.
	const taskFactor = () => (rand() < 0.9 ? triangular(rand, 0.9, 1, 1.4) : triangular(rand, 1.3, 1.6, 2.5));

	const tasks: WorldTask[] = [];
	const transfers: WorldTransfer[] = [];
	const addTask = (key: string, planned: number, dependsOn: string[], dependsOnTransfers: string[] = []) => {
		const ready = Math.max(
			windowStart,
			...dependsOn.map((k) => tasks.find((t) => t.key === k)!.end),
			...dependsOnTransfers.map((k) => transfers.find((t) => t.key === k)!.end)
		);
		const task = {
			key,
			plannedMinutes: planned,
			dependsOn,
			dependsOnTransfers,
			start: ready,
			end: ready + planned * taskFactor() * MINUTE
		};
		tasks.push(task);
		return task;
	};

	const prep = Array.from({ length: count(2, 4) }, (_, i) => addTask(`prep-${i}`, between(20, 60), []));
	const prepKeys = prep.map((t) => t.key);
	const prepEnd = Math.max(...prep.map((t) => t.end));
	for (let i = 0; i < count(2, 3); i++) {
		const plannedMs = between(90, 240) * MINUTE;
		transfers.push(drawTransfer(`data-${i}`, prepKeys, plannedMs, prepEnd, rand));
	}
	const validations = transfers.map((tr, i) => addTask(`validate-${i}`, between(20, 60), [], [tr.key]));
	const smoke = addTask(
		'smoke-test',
		between(20, 45),
		validations.map((t) => t.key)
	);
	const open = addTask('open-service', between(10, 30), [smoke.key]);

	const plannedLength =
		Math.max(...prep.map((t) => t.plannedMinutes)) * MINUTE +
		Math.max(...transfers.map((t, i) => t.plannedMs + validations[i].plannedMinutes * MINUTE)) +
		(smoke.plannedMinutes + open.plannedMinutes) * MINUTE;
	return {
		windowStart,
		// Some windows have room to spare, some are tight: a mix of outcomes.
		windowEnd: windowStart + plannedLength * between(0.95, 1.45),
		tasks,
		transfers,
		end: open.end
	};
}

/** A transfer at a rate near its plan, which one time in three slows down part-way and one in ten speeds up. */
function drawTransfer(
	key: string,
	dependsOn: string[],
	plannedMs: number,
	start: number,
	rand: () => number
): WorldTransfer {
	const plannedPerMs = TRANSFER_TOTAL / plannedMs;
	let perMs = plannedPerMs * triangular(rand, 0.75, 1, 1.25);
	const change = rand();
	const shiftAt = start + plannedMs * (0.1 + 0.7 * rand());
	const shiftBy = change < 0.3 ? 0.4 + 0.45 * rand() : change < 0.4 ? 1.1 + 0.2 * rand() : 1;
	const reports: ProgressSample[] = [{ at: start, done: 0 }];
	let at = start;
	let done = 0;
	while (done < TRANSFER_TOTAL) {
		if (at >= shiftAt && shiftBy !== 1 && at - REPORT_EVERY_MS < shiftAt) perMs *= shiftBy;
		// Minute to minute the rate wobbles by a tenth either way.
		const step = perMs * (0.9 + 0.2 * rand()) * REPORT_EVERY_MS;
		if (done + step >= TRANSFER_TOTAL) {
			at += ((TRANSFER_TOTAL - done) / step) * REPORT_EVERY_MS;
			done = TRANSFER_TOTAL;
		} else {
			at += REPORT_EVERY_MS;
			done += step;
		}
		reports.push({ at, done });
	}
	return { key, dependsOn, plannedMs, start, end: at, reports };
}

/** The forecast's input at `now`: only what had happened by then. */
export function observedAt(
	world: World,
	now: number
): { tasks: ForecastTask[]; transfers: ForecastTransfer[] } {
	const tasks = world.tasks.map((t): ForecastTask => ({
		key: t.key,
		durationMinutes: t.plannedMinutes,
		dependsOn: t.dependsOn,
		dependsOnTransfers: t.dependsOnTransfers,
		notBefore: null,
		status: t.end <= now ? 'done' : t.start <= now ? 'in_progress' : 'not_started',
		actualStart: t.start <= now ? t.start : null,
		actualEnd: t.end <= now ? t.end : null,
		estimate: null,
		rehearsalMinutes: []
	}));
	const transfers = world.transfers.map((t): ForecastTransfer => {
		const started = t.start <= now;
		const seen = started ? t.reports.filter((r) => r.at <= now) : [];
		const last = seen[seen.length - 1] ?? null;
		const plannedPerMs = TRANSFER_TOTAL / t.plannedMs;
		const finishedAt = t.end <= now ? t.end : null;
		const at = last?.at ?? now;
		const rate = estimateRate(seen, { now: at, windowMs: RATE_WINDOW_MS, plannedPerMs });
		const { eta } = transferEta({
			done: last?.done ?? 0,
			total: TRANSFER_TOTAL,
			samples: seen,
			now,
			plannedPerMs,
			finishedAt,
			windowMs: RATE_WINDOW_MS
		});
		return {
			key: t.key,
			dependsOn: t.dependsOn,
			startedAt: started ? t.start : null,
			finishedAt,
			done: last?.done ?? 0,
			total: TRANSFER_TOTAL,
			rate,
			eta,
			plannedDurationMs: t.plannedMs,
			lastProgressAt: last?.at ?? null
		};
	});
	return { tasks, transfers };
}

/** The forecast's verdicts along one cutover, from the window's start until the outcome is known. */
export function verdictsOf(world: World, everyMs: number, samples: number, seed: number): Verdict[] {
	const verdicts: Verdict[] = [];
	const onTime = world.end <= world.windowEnd;
	for (let now = world.windowStart; now < Math.min(world.end, world.windowEnd); now += everyMs) {
		const { probability } = simulateForecast({
			...observedAt(world, now),
			windowStart: world.windowStart,
			windowEnd: world.windowEnd,
			now,
			samples,
			seed: seed + now
		});
		verdicts.push({ probability, onTime });
	}
	return verdicts;
}

/** Replays `worlds` simulated cutovers and scores every verdict: a table by tenths and the Brier score. */
export function calibrate(options: CalibrationOptions): CalibrationReport {
	const everyMs = (options.everyMinutes ?? 20) * MINUTE;
	const verdicts: Verdict[] = [];
	const start = Date.UTC(2026, 0, 1);
	for (let w = 0; w < options.worlds; w++)
		verdicts.push(...verdictsOf(drawWorld(options.seed + w, start), everyMs, options.samples ?? 500, w));
	return scoreVerdicts(verdicts);
}

export function scoreVerdicts(verdicts: readonly Verdict[]): CalibrationReport {
	const bins: CalibrationBin[] = Array.from({ length: 10 }, (_, i) => ({
		from: i / 10,
		to: (i + 1) / 10,
		count: 0,
		meanProbability: 0,
		observed: 0
	}));
	let brier = 0;
	let onTimeCount = 0;
	for (const v of verdicts) {
		const bin = bins[Math.min(9, Math.floor(v.probability * 10))];
		bin.count++;
		bin.meanProbability += v.probability;
		bin.observed += v.onTime ? 1 : 0;
		brier += (v.probability - (v.onTime ? 1 : 0)) ** 2;
		onTimeCount += v.onTime ? 1 : 0;
	}
	for (const bin of bins)
		if (bin.count) {
			bin.meanProbability /= bin.count;
			bin.observed /= bin.count;
		}
	const n = Math.max(1, verdicts.length);
	const share = onTimeCount / n;
	return {
		verdicts: verdicts.length,
		bins,
		brier: brier / n,
		baseRateBrier: share * (1 - share),
		onTimeShare: share
	};
}
