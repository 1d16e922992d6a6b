/** Seeded randomness for the forecast: the same seed gives the same numbers, so a forecast can be replayed. */

/** The step between mulberry32 states: the k-th number of a seed comes from state seed + k * STEP. */
export const RANDOM_STEP = 0x6d2b79f5;

/**
 * mulberry32's output for a state: a small, fast 32-bit generator, good enough for Monte Carlo. A hot loop
 * steps the state itself (`state = (state + RANDOM_STEP) | 0`) and calls this, which the JIT inlines.
 */
export function mulberry32(state: number): number {
	let t = Math.imul(state ^ (state >>> 15), state | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Numbers in [0, 1), the same sequence for the same seed. */
export function createRandom(seed: number): () => number {
	let state = seed | 0;
	return () => mulberry32((state = (state + RANDOM_STEP) | 0));
}

/**
 * A triangular distribution as the factors of its inverse CDF, for drawing many times:
 * u < split ? min + rise * sqrt(u) : max - fall * sqrt(1 - u).
 */
export interface TriangularShape {
	min: number;
	max: number;
	split: number;
	rise: number;
	fall: number;
}

/** The triangular distribution on [min, max] peaking at mode (clamped into the range). */
export function triangularShape(min: number, mode: number, max: number): TriangularShape {
	const width = max - min;
	if (!(width > 0)) return { min, max: min, split: 1, rise: 0, fall: 0 };
	const peak = mode < min ? min : mode > max ? max : mode;
	return {
		min,
		max,
		split: (peak - min) / width,
		rise: Math.sqrt(width * (peak - min)),
		fall: Math.sqrt(width * (max - peak))
	};
}

/** The value at quantile u of the distribution. */
export function triangularAt(shape: TriangularShape, u: number): number {
	const x =
		u < shape.split ? shape.min + shape.rise * Math.sqrt(u) : shape.max - shape.fall * Math.sqrt(1 - u);
	// Rounding can land a hair outside the bounds (a property test found it); the distribution has none there.
	return x < shape.min ? shape.min : x > shape.max ? shape.max : x;
}

/** One draw from the triangular distribution on [min, max] peaking at mode. */
export function triangular(rand: () => number, min: number, mode: number, max: number): number {
	return triangularAt(triangularShape(min, mode, max), rand());
}
