import { describe, expect, it } from 'vitest';
import { calibrate, drawWorld, observedAt, scoreVerdicts } from './calibration';

const START = Date.UTC(2026, 0, 1);

describe('forecast calibration', () => {
	it('scores verdicts by tenths, with the Brier score and the base rate', () => {
		const report = scoreVerdicts([
			{ probability: 0.85, onTime: true },
			{ probability: 0.81, onTime: false },
			{ probability: 0.05, onTime: false },
			{ probability: 1, onTime: true }
		]);
		expect(report.bins[8]).toMatchObject({ count: 2, observed: 0.5 });
		expect(report.bins[8].meanProbability).toBeCloseTo(0.83);
		expect(report.bins[9]).toMatchObject({ count: 1, observed: 1 });
		expect(report.brier).toBeCloseTo((0.15 ** 2 + 0.81 ** 2 + 0.05 ** 2) / 4);
		expect(report.baseRateBrier).toBeCloseTo(0.25);
	});

	it('shows the forecast only what had happened by then', () => {
		const world = drawWorld(7, START);
		const early = observedAt(world, START);
		expect(early.tasks.filter((t) => t.status === 'in_progress').map((t) => t.key)).toEqual(
			world.tasks.filter((t) => t.key.startsWith('prep')).map((t) => t.key)
		);
		expect(early.transfers.every((t) => t.startedAt === null && t.done === 0)).toBe(true);
		const late = observedAt(world, world.end);
		expect(late.tasks.every((t) => t.status === 'done')).toBe(true);
		expect(late.transfers.every((t) => t.finishedAt !== null && t.done === t.total)).toBe(true);
	});

	// The forecast's promise to the steering group: of the moments it said ~80 %, about 80 % held.
	it('is calibrated over simulated cutovers: said 70-90 %, held 70-90 %; and beats the base rate', () => {
		// Moments of one cutover share its outcome, so it takes many cutovers to judge: 600 (about 11,000 moments).
		const report = calibrate({ worlds: 600, seed: 1, samples: 300 });
		const high = report.bins.slice(7, 9);
		const count = high.reduce((n, b) => n + b.count, 0);
		const said = high.reduce((sum, b) => sum + b.meanProbability * b.count, 0) / count;
		const held = high.reduce((sum, b) => sum + b.observed * b.count, 0) / count;
		expect(count).toBeGreaterThan(300);
		expect(Math.abs(held - said)).toBeLessThan(0.06);
		// Below that it errs on the side of caution (5-12 points); no tenth is off by more than 15.
		for (const bin of report.bins.filter((b) => b.count >= 150))
			expect(Math.abs(bin.observed - bin.meanProbability)).toBeLessThan(0.15);
		expect(report.brier).toBeLessThan(report.baseRateBrier / 2);
	});
});
