import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forecastWaves, programmeForecast, type ForecastWave } from './forecast';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 5, 1);

/** A wave of `systems` systems over `days` days from `startDay` (days from NOW), not started. */
const wave = (slug: string, startDay: number, days: number, systems = 10): ForecastWave => ({
	slug,
	windowStart: NOW + startDay * DAY,
	windowEnd: NOW + (startDay + days) * DAY,
	systems,
	moved: 0,
	migrated: 0,
	movedAt: null,
	migratedAt: null
});

/** The same wave, finished: its moves done `slipDays` after its window, signed off `delayDays` later. */
const finished = (w: ForecastWave, slipDays: number, delayDays: number): ForecastWave => ({
	...w,
	moved: w.systems,
	migrated: w.systems,
	movedAt: w.windowEnd + slipDays * DAY,
	migratedAt: w.windowEnd + (slipDays + delayDays) * DAY
});

describe('the programme forecast', () => {
	it('is the last sign-off when every wave is done, driven by the wave that had it', () => {
		const waves = [finished(wave('w1', -60, 7), 0, 2), finished(wave('w2', -30, 7), 3, 4)];
		const f = programmeForecast(waves, NOW);
		expect(f.p50).toBe(waves[1].migratedAt);
		expect(f.p90).toBe(waves[1].migratedAt);
		expect(f.drivers).toEqual([{ wave: 'w2', share: 1 }]);
		expect(f.basis).toEqual({ finishedWaves: 2, signoffDelays: 2, prior: false });
	});

	it('says it draws from a prior before any wave has finished, and still gives a band after the plan', () => {
		const f = programmeForecast([wave('w1', 10, 7), wave('w2', 40, 7)], NOW);
		expect(f.basis.prior).toBe(true);
		expect(f.plannedEnd).toBe(NOW + 47 * DAY);
		expect(f.p50!).toBeGreaterThan(f.plannedEnd!);
		expect(f.p90!).toBeGreaterThanOrEqual(f.p50!);
		expect(f.drivers[0].wave).toBe('w2');
	});

	it('moves the end later when the finished waves slipped and their testers were slow', () => {
		const ahead = [wave('w3', 10, 7), wave('w4', 30, 7)];
		const punctual = programmeForecast([finished(wave('w1', -60, 7), 0, 1), ...ahead], NOW);
		const late = programmeForecast([finished(wave('w1', -60, 7), 7, 10), ...ahead], NOW);
		expect(late.p50!).toBeGreaterThan(punctual.p50!);
		expect(late.p90!).toBeGreaterThan(punctual.p90!);
	});

	it('never forecasts an unfinished programme to end before now, and P50 is never after P90', () => {
		const arbitraryWave = fc.record({
			startDay: fc.integer({ min: -200, max: 200 }),
			days: fc.integer({ min: 1, max: 30 }),
			systems: fc.integer({ min: 1, max: 50 }),
			finished: fc.boolean(),
			slip: fc.integer({ min: 0, max: 20 }),
			delay: fc.integer({ min: 0, max: 20 })
		});
		fc.assert(
			fc.property(fc.array(arbitraryWave, { minLength: 1, maxLength: 12 }), (drawn) => {
				const waves = drawn.map((w, i) => {
					const planned = wave(`w${i}`, w.startDay, w.days, w.systems);
					return w.finished && planned.windowEnd + (w.slip + w.delay) * DAY < NOW
						? finished(planned, w.slip, w.delay)
						: planned;
				});
				const f = programmeForecast(waves, NOW, { runs: 200 });
				expect(f.p50!).toBeLessThanOrEqual(f.p90!);
				if (waves.some((w) => w.migratedAt === null)) expect(f.p50!).toBeGreaterThanOrEqual(NOW);
				const shares = f.drivers.reduce((sum, d) => sum + d.share, 0);
				expect(shares).toBeLessThanOrEqual(1 + 1e-9);
			}),
			{ numRuns: 200 }
		);
	});
});

describe('the waves the forecast reads', () => {
	it('count each wave’s systems, and know when its last one moved and was migrated only when all were', () => {
		const at = (day: number) => new Date(NOW + day * DAY).toISOString();
		const waves = [
			{ slug: 'w1', windowStart: at(0), windowEnd: at(7) },
			{ slug: 'w2', windowStart: at(10), windowEnd: at(17) }
		];
		const read = forecastWaves(
			[
				{ wave: 'w1', movedAt: at(6), migratedAt: at(8) },
				{ wave: 'w1', movedAt: at(7), migratedAt: at(9) },
				{ wave: 'w2', movedAt: at(16), migratedAt: null },
				{ wave: 'w2', movedAt: null, migratedAt: null },
				{ wave: null, movedAt: null, migratedAt: null }
			],
			waves
		);
		expect(read.map((w) => [w.slug, w.systems, w.moved, w.migrated])).toEqual([
			['w1', 2, 2, 2],
			['w2', 2, 1, 0]
		]);
		expect(read[0].movedAt).toBe(NOW + 7 * DAY);
		expect(read[0].migratedAt).toBe(NOW + 9 * DAY);
		expect(read[1].movedAt).toBeNull();
	});
});
