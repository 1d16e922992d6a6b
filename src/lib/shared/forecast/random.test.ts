import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RANDOM_STEP, createRandom, mulberry32, triangular } from './random';

const take = (rand: () => number, n: number) => Array.from({ length: n }, rand);

describe('createRandom', () => {
	it('gives the same sequence for the same seed, in [0, 1)', () => {
		fc.assert(
			fc.property(fc.integer(), (seed) => {
				const a = take(createRandom(seed), 50);
				expect(take(createRandom(seed), 50)).toEqual(a);
				for (const x of a) expect(x >= 0 && x < 1).toBe(true);
			})
		);
	});

	it('gives other sequences for other seeds', () => {
		const first = take(createRandom(1), 5);
		expect(take(createRandom(2), 5)).not.toEqual(first);
		expect(take(createRandom(0), 5)).not.toEqual(first);
	});

	it('spreads evenly enough for Monte Carlo', () => {
		const draws = take(createRandom(7), 20_000);
		const buckets = new Array<number>(10).fill(0);
		for (const x of draws) buckets[Math.floor(x * 10)]++;
		for (const b of buckets) expect(Math.abs(b - 2000)).toBeLessThan(200);
	});
});

describe('mulberry32 stepped by hand', () => {
	it('gives the sequence createRandom gives (the forecast sample loop steps it itself)', () => {
		fc.assert(
			fc.property(fc.integer(), (seed) => {
				let state = seed | 0;
				const stepped = Array.from({ length: 20 }, () => mulberry32((state = (state + RANDOM_STEP) | 0)));
				expect(stepped).toEqual(take(createRandom(seed), 20));
			})
		);
	});
});

describe('triangular', () => {
	it('stays within [min, max]', () => {
		fc.assert(
			fc.property(
				fc.integer(),
				fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 3, maxLength: 3 }),
				(seed, values) => {
					const [min, mode, max] = values.sort((a, b) => a - b);
					const rand = createRandom(seed);
					for (let i = 0; i < 20; i++) {
						const x = triangular(rand, min, mode, max);
						expect(x).toBeGreaterThanOrEqual(min);
						expect(x).toBeLessThanOrEqual(max);
					}
				}
			)
		);
	});

	it('has the mean (min + mode + max) / 3', () => {
		const rand = createRandom(3);
		let sum = 0;
		for (let i = 0; i < 20_000; i++) sum += triangular(rand, 10, 20, 60);
		expect(sum / 20_000).toBeCloseTo(30, 0);
	});

	it('returns the value of a degenerate range, and clamps a mode outside the range', () => {
		const rand = createRandom(5);
		expect(triangular(rand, 4, 4, 4)).toBe(4);
		for (let i = 0; i < 100; i++) expect(triangular(rand, 0, 50, 10)).toBeLessThanOrEqual(10);
	});
});
