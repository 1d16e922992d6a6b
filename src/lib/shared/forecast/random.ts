/** Seeded randomness for the forecast: the same seed gives the same numbers, so a forecast can be replayed. */

const STEP = 0x6d2b79f5;

/** mulberry32's output for a state: a small, fast 32-bit generator, good enough for Monte Carlo. */
function mulberry32(state: number): number {
	let t = Math.imul(state ^ (state >>> 15), state | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Numbers in [0, 1), the same sequence for the same seed. */
export function createRandom(seed: number): () => number {
	let state = seed | 0;
	return () => mulberry32((state = (state + STEP) | 0));
}

/**
 * The same sequence as createRandom(seed), drawn in bulk: each call fills `out` with the next numbers. A hot
 * loop reads them from the array instead of paying a call per number.
 */
export function createRandomFill(seed: number): (out: Float64Array) => void {
	let state = seed | 0;
	return (out) => {
		let s = state;
		for (let i = 0; i < out.length; i++) out[i] = mulberry32((s = (s + STEP) | 0));
		state = s;
	};
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
