/**
 * The demo's synthetic load: what the simulator pushes as the monitoring bridge would, one sample per metric of
 * the sample (SAMPLE_METRICS) per simulated minute. Quiet through the night (a few hundred staff at work on the
 * cutover); once the go is recorded the platform opens stage by stage, as the room opens the stages
 * (simulator-opening.ts): internal users half an hour after the go, then 10 %, half, and at the demo's "08:00",
 * two hours after the go, everyone: the users arrive at once (scenario 1), past the capacity lines on the web
 * tier for 18 simulated minutes, and back under them ten minutes later. The expert marketplace, restricted for the day, stays comfortable. Each minute's noise
 * is drawn from the run's seed, so a run can be repeated.
 */
import type { MetricSample } from '../../shared/schemas/metrics';
import { random } from './simulator-plan';

type Reading = Record<
	'users' | 'rps' | 'p95' | 'errors' | 'web-cpu' | 'web-db' | 'market-cpu' | 'market-db',
	number
>;

const QUIET: Reading = {
	users: 300,
	rps: 25,
	p95: 180,
	errors: 0.1,
	'web-cpu': 8,
	'web-db': 25,
	'market-cpu': 5,
	'market-db': 6
};
const INTERNAL: Reading = { ...QUIET, users: 1_500, rps: 110, p95: 210, 'web-cpu': 14, 'web-db': 40 };
const TENTH: Reading = { ...INTERNAL, users: 5_000, rps: 380, p95: 240, 'web-cpu': 22, 'web-db': 70 };
const HALF: Reading = {
	users: 20_000,
	rps: 1_400,
	p95: 330,
	errors: 0.2,
	'web-cpu': 41,
	'web-db': 150,
	'market-cpu': 20,
	'market-db': 18
};
const EVERYONE: Reading = {
	users: 34_000,
	rps: 2_350,
	p95: 430,
	errors: 0.3,
	'web-cpu': 60,
	'web-db': 235,
	'market-cpu': 32,
	'market-db': 28
};
/** Everyone at once: users, p95, the web tier's CPU and connections past critical; errors and requests past warning. */
const SPIKE: Reading = {
	users: 58_000,
	rps: 3_900,
	p95: 2_600,
	errors: 3.2,
	'web-cpu': 97,
	'web-db': 400,
	'market-cpu': 45,
	'market-db': 40
};

/** Simulated minutes after the go where the load changes, and what it is there (straight lines between). */
const OPENING: [minute: number, reading: Reading][] = [
	[0, QUIET],
	[30, QUIET],
	[32, INTERNAL],
	[60, INTERNAL],
	[62, TENTH],
	[90, TENTH],
	[92, HALF],
	[120, HALF],
	[122, SPIKE],
	[140, SPIKE],
	[150, EVERYONE]
];
/** The demo's "08:00": simulated minutes after the go when the users arrive at once (the moment `opening`). */
export const SPIKE_AFTER_GO_MINUTES = 120;
/**
 * Simulated minutes after the go when the story of the load is told: the lines have cleared. A run whose tasks
 * finish earlier (a late go runs the opening at once) plays the load until then.
 */
export const LOAD_TOLD_AFTER_GO_MINUTES = OPENING.at(-1)![0] + 15;
/** Hard limits of a reading: percentages, and the web tier's connection pool. */
const CEILING: Partial<Reading> = { errors: 100, 'web-cpu': 100, 'web-db': 400, 'market-cpu': 100 };

/** The load `sinceGo` simulated minutes after the go (null: before it), without noise. */
export function loadAt(sinceGo: number | null): Reading {
	if (sinceGo === null || sinceGo < 0) return QUIET;
	const next = OPENING.findIndex(([minute]) => minute > sinceGo);
	if (next === -1) return OPENING.at(-1)![1];
	const [[m0, a], [m1, b]] = [OPENING[next - 1], OPENING[next]];
	const share = (sinceGo - m0) / (m1 - m0);
	return Object.fromEntries(
		Object.entries(a).map(([k, v]) => [k, v + (b[k as keyof Reading] - v) * share])
	) as Reading;
}

/**
 * The samples of a run: `next` gives one per metric for each simulated minute since the last call, up to `until`
 * (simulated minutes since the window opened), read against the go at `goMinute` (null while there is none).
 * The requests are a counter, as a bridge pushes them: each minute adds its requests per second times the real
 * seconds the minute lasts at the demo's speed.
 */
export class SyntheticLoad {
	#through = -1;
	#requests = 0;
	#lastAt = -Infinity;

	constructor(
		private readonly seed: number,
		/** When simulated minute `m` is, in epoch ms. */
		private readonly atOf: (minute: number) => number
	) {}

	next(until: number, goMinute: number | null): MetricSample[] {
		const samples: MetricSample[] = [];
		for (let minute = this.#through + 1; minute <= until; minute++) {
			this.#through = minute;
			const at = Math.round(this.atOf(minute));
			// At speeds where minutes fall within one millisecond, one sample a millisecond.
			if (at <= this.#lastAt) continue;
			const r = random(this.seed, `load:${minute}`);
			for (const [metric, planned] of Object.entries(loadAt(goMinute === null ? null : minute - goMinute))) {
				const value = Math.min(planned * (0.97 + 0.06 * r()), CEILING[metric as keyof Reading] ?? Infinity);
				if (metric !== 'rps') {
					samples.push({ metric, at, value: Math.round(value * 10) / 10 });
					continue;
				}
				if (this.#lastAt > -Infinity) this.#requests += Math.round((value * (at - this.#lastAt)) / 1000);
				samples.push({ metric, at, value: this.#requests });
			}
			this.#lastAt = at;
		}
		return samples;
	}
}
