import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	MAX_PLANNED_MINUTES,
	downsample,
	estimateRate,
	isStalled,
	plannedDurationMs,
	transferEta,
	type ProgressSample
} from './transfer-rate';

const MIN = 60_000;
const T0 = Date.parse('2024-10-10T15:00:00Z');

/** Samples every `stepMs`, each adding the next of `gains` (the first sample at `start` with `done`). */
function stream(start: number, stepMs: number, gains: number[], done = 0): ProgressSample[] {
	const samples = [{ at: start, done }];
	for (const gain of gains)
		samples.push({ at: samples.at(-1)!.at + stepMs, done: samples.at(-1)!.done + gain });
	return samples;
}

const steady = fc.record({
	stepMs: fc.integer({ min: 1_000, max: 10 * MIN }),
	perStep: fc.integer({ min: 1, max: 1_000_000 }),
	intervals: fc.integer({ min: 1, max: 40 }),
	lateBy: fc.integer({ min: 0, max: 20 * MIN }),
	remaining: fc.integer({ min: 1, max: 1e9 })
});

describe('estimateRate', () => {
	it('gives a steady stream its exact rate and a degenerate band', () => {
		fc.assert(
			fc.property(steady, ({ stepMs, perStep, intervals, lateBy }) => {
				const samples = stream(T0, stepMs, new Array<number>(intervals).fill(perStep));
				const rate = estimateRate(samples, { now: samples.at(-1)!.at + lateBy });
				expect(rate).toEqual({
					perMs: perStep / stepMs,
					lowPerMs: perStep / stepMs,
					highPerMs: perStep / stepMs,
					basis: 'observed'
				});
			})
		);
	});

	it('is barely moved by a single burst, unlike the average', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 4, max: 29 }),
				fc.nat(),
				fc.integer({ min: 1, max: 1e6 }),
				(intervals, at, burst) => {
					const gains = new Array<number>(intervals).fill(100);
					gains[at % intervals] += burst;
					const samples = stream(T0, MIN, gains);
					const rate = estimateRate(samples, { now: samples.at(-1)!.at });
					expect(rate.perMs).toBe(100 / MIN);
					expect(rate.lowPerMs).toBe(100 / MIN);
					const average = samples.at(-1)!.done / (samples.at(-1)!.at - T0);
					expect(average).toBeGreaterThan(100 / MIN);
				}
			)
		);
	});

	it('forgets a pause that ended before the window', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 600 }), fc.integer({ min: 30, max: 60 }), (pauseMin, after) => {
				const before = stream(T0, MIN, new Array<number>(10).fill(50));
				const paused = { at: before.at(-1)!.at + pauseMin * MIN, done: before.at(-1)!.done };
				const samples = [
					...before,
					...stream(paused.at, MIN, new Array<number>(after).fill(50), paused.done)
				];
				expect(estimateRate(samples, { now: samples.at(-1)!.at }).perMs).toBe(50 / MIN);
			})
		);
	});

	it('weighs a long pause that ended within the window by its part inside the window', () => {
		const before = stream(T0, MIN, new Array<number>(10).fill(50));
		const paused = { at: before.at(-1)!.at + 5 * 60 * MIN, done: before.at(-1)!.done };
		const samples = [...before, ...stream(paused.at, MIN, new Array<number>(20).fill(50), paused.done)];
		const rate = estimateRate(samples, { now: samples.at(-1)!.at });
		// 10 of the 30 minutes paused: the median moves on, the slow edge is a standstill.
		expect(rate).toEqual({ perMs: 50 / MIN, lowPerMs: 0, highPerMs: 50 / MIN, basis: 'observed' });
	});

	it('counts a recent pause as rate 0 for its duration: the late edge of the band becomes a standstill', () => {
		const moving = stream(T0, MIN, new Array<number>(20).fill(60));
		const last = moving.at(-1)!;
		const samples = [...moving, { at: last.at + 10 * MIN, done: last.done }];
		const rate = estimateRate(samples, { now: last.at + 10 * MIN });
		expect(rate.perMs).toBe(60 / MIN);
		expect(rate.lowPerMs).toBe(0);
		const eta = transferEta({
			done: last.done,
			total: last.done + 600,
			samples,
			now: last.at + 10 * MIN,
			plannedPerMs: null,
			finishedAt: null
		});
		expect(eta.eta).toBeCloseTo(last.at + 20 * MIN, 0);
		expect(eta.etaHigh).toBeNull();
	});

	it('reads a stream paused for most of the window as stopped', () => {
		const samples = [...stream(T0, MIN, [10, 10, 10]), { at: T0 + 33 * MIN, done: 30 }];
		expect(estimateRate(samples, { now: T0 + 33 * MIN }).perMs).toBe(0);
		const eta = transferEta({
			done: 30,
			total: 100,
			samples,
			now: T0 + 33 * MIN,
			plannedPerMs: 1,
			finishedAt: null
		});
		expect(eta.eta).toBeNull();
	});

	it('uses the last intervals when all samples are older than the window', () => {
		const samples = stream(T0, MIN, [5, 5, 5, 5, 9, 9, 9]);
		const rate = estimateRate(samples, { now: T0 + 5 * 60 * MIN });
		expect(rate).toEqual({ perMs: 9 / MIN, lowPerMs: 9 / MIN, highPerMs: 9 / MIN, basis: 'observed' });
	});

	it('takes the last of samples at the same instant', () => {
		const samples = [
			{ at: T0, done: 0 },
			{ at: T0 + MIN, done: 10 },
			{ at: T0 + MIN, done: 20 },
			{ at: T0 + 2 * MIN, done: 40 }
		];
		expect(estimateRate(samples, { now: T0 + 2 * MIN }).perMs).toBe(20 / MIN);
	});

	it('falls back to the planned rate (±25 %), then to nothing, without two samples in time', () => {
		const one = [{ at: T0, done: 5 }];
		expect(estimateRate(one, { now: T0, plannedPerMs: 4 })).toEqual({
			perMs: 4,
			lowPerMs: 3,
			highPerMs: 5,
			basis: 'planned'
		});
		const sameInstant = [...one, { at: T0, done: 9 }];
		expect(estimateRate(sameInstant, { now: T0 })).toEqual({
			perMs: null,
			lowPerMs: null,
			highPerMs: null,
			basis: 'none'
		});
	});
});

describe('transferEta', () => {
	it('finishes a steady stream when what remained at its last sample is moved, never before now', () => {
		fc.assert(
			fc.property(steady, ({ stepMs, perStep, intervals, lateBy, remaining }) => {
				const samples = stream(T0, stepMs, new Array<number>(intervals).fill(perStep));
				const last = samples.at(-1)!;
				const now = last.at + lateBy;
				const eta = transferEta({
					done: last.done,
					total: last.done + remaining,
					samples,
					now,
					plannedPerMs: null,
					finishedAt: null
				});
				const expected = Math.max(now, last.at + (remaining * stepMs) / perStep);
				expect(eta.eta! / expected).toBeCloseTo(1, 12);
				expect(eta.etaLow).toBe(eta.eta);
				expect(eta.etaHigh).toBe(eta.eta);
			})
		);
	});

	it('gives the early end at the fast edge of the band and the late end at the slow edge', () => {
		const samples = stream(T0, MIN, [10, 10, 10, 10, 10, 20, 20, 5, 5, 10]);
		const now = T0 + 10 * MIN;
		const eta = transferEta({ done: 110, total: 410, samples, now, plannedPerMs: null, finishedAt: null });
		// Rates 5, 5, 10 (six minutes), 20, 20 per minute: P10 5, median 10, P90 20.
		expect(eta.eta).toBeCloseTo(T0 + 40 * MIN, 0);
		expect(eta.etaLow).toBeCloseTo(T0 + 25 * MIN, 0);
		expect(eta.etaHigh).toBeCloseTo(T0 + 70 * MIN, 0);
	});

	it('runs a planned rate from now when nothing was reported', () => {
		const eta = transferEta({
			done: 0,
			total: 600,
			samples: [],
			now: T0,
			plannedPerMs: 10 / MIN,
			finishedAt: null
		});
		expect(eta.eta).toBeCloseTo(T0 + 60 * MIN, 0);
		expect(eta.rate.basis).toBe('planned');
		expect(eta.etaLow).toBeLessThan(eta.eta!);
		expect(eta.etaHigh).toBeGreaterThan(eta.eta!);
	});

	it('has no ETA without any rate', () => {
		const eta = transferEta({
			done: 0,
			total: 600,
			samples: [],
			now: T0,
			plannedPerMs: null,
			finishedAt: null
		});
		expect(eta).toMatchObject({ eta: null, etaLow: null, etaHigh: null });
	});

	it('ends a finished transfer when it finished, or at its last sample when complete but unmarked', () => {
		const samples = stream(T0, MIN, [50, 50]);
		const finished = transferEta({
			done: 100,
			total: 100,
			samples,
			now: T0 + 9 * MIN,
			plannedPerMs: null,
			finishedAt: T0 + 3 * MIN
		});
		expect(finished).toMatchObject({ eta: T0 + 3 * MIN, etaLow: T0 + 3 * MIN, etaHigh: T0 + 3 * MIN });
		const complete = transferEta({
			done: 100,
			total: 100,
			samples,
			now: T0 + 9 * MIN,
			plannedPerMs: null,
			finishedAt: null
		});
		expect(complete.eta).toBe(T0 + 2 * MIN);
	});
});

describe('isStalled', () => {
	const base = { startedAt: T0, finishedAt: null, lastProgressAt: T0 + 5 * MIN, stallAfterMs: 10 * MIN };

	it('is stalled once the last progress is longer ago than allowed', () => {
		expect(isStalled({ ...base, now: T0 + 15 * MIN })).toBe(false);
		expect(isStalled({ ...base, now: T0 + 15 * MIN + 1 })).toBe(true);
	});

	it('counts from the start when there was no progress yet', () => {
		expect(isStalled({ ...base, lastProgressAt: null, now: T0 + 10 * MIN + 1 })).toBe(true);
	});

	it('is never stalled before the start or after the finish', () => {
		expect(isStalled({ ...base, startedAt: null, lastProgressAt: null, now: T0 + 99 * MIN })).toBe(false);
		expect(isStalled({ ...base, finishedAt: T0 + 6 * MIN, now: T0 + 99 * MIN })).toBe(false);
	});
});

describe('downsample', () => {
	it('keeps the first and last points and at most max, in order', () => {
		fc.assert(
			fc.property(fc.integer({ min: 2, max: 300 }), fc.integer({ min: 2, max: 100 }), (length, max) => {
				const points = Array.from({ length }, (_, i): [number, number] => [T0 + i, i * 2]);
				const kept = downsample(points, max);
				expect(kept.length).toBe(Math.min(length, max));
				expect(kept[0]).toBe(points[0]);
				expect(kept.at(-1)).toBe(points.at(-1));
				for (let i = 1; i < kept.length; i++) expect(kept[i][0]).toBeGreaterThan(kept[i - 1][0]);
			})
		);
	});

	it('spreads the kept points evenly', () => {
		const points = Array.from({ length: 101 }, (_, i): [number, number] => [i, i]);
		expect(downsample(points, 5).map(([t]) => t)).toEqual([0, 25, 50, 75, 100]);
	});
});

describe('plannedDurationMs', () => {
	it('is the stated duration, or the total at the planned rate', () => {
		expect(plannedDurationMs({ total: 10, plannedRatePerHour: null, plannedMinutes: 90 })).toBe(90 * 60_000);
		expect(plannedDurationMs({ total: 1000, plannedRatePerHour: 500, plannedMinutes: null })).toBe(
			2 * 3_600_000
		);
		expect(plannedDurationMs({ total: 1000, plannedRatePerHour: null, plannedMinutes: null })).toBeNull();
	});

	it('is at most the longest plan, however far reports raised the total past what the rate moves', () => {
		// 1e15 rows at one an hour would plan the stream past any date the board can show.
		expect(plannedDurationMs({ total: 1e15, plannedRatePerHour: 1, plannedMinutes: null })).toBe(
			MAX_PLANNED_MINUTES * 60_000
		);
	});
});
