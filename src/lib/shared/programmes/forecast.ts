/**
 * The programme forecast, pure: when the last system of the programme will be migrated, as a P50/P90 band, and
 * which waves drive that end. A Monte Carlo one level above the cutover forecast: each run draws, for every wave
 * not yet done, how late it finishes its moves (from the slips the finished waves showed, as a share of their
 * planned length) and how long its testers take to sign off after it (from the sign-off delays seen so far), in
 * window order: a wave does not finish before the one before it. Before any wave has finished, the draws come
 * from a wide prior, and the forecast says so.
 */
import { createRandom, triangular } from '../forecast/random';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface ForecastWave {
	slug: string;
	windowStart: number;
	windowEnd: number;
	/** Systems in the wave, and how many of them are moved / migrated. */
	systems: number;
	moved: number;
	migrated: number;
	/** When the wave's last system was moved (its moves done), if all are. */
	movedAt: number | null;
	/** When its last system was migrated (signed off), if all are. */
	migratedAt: number | null;
}

export interface ProgrammeForecast {
	/** The planned end: the latest window end of the waves. */
	plannedEnd: number | null;
	p50: number | null;
	p90: number | null;
	/** Waves whose end is the programme's end in at least one run in twenty, most often first. */
	drivers: { wave: string; share: number }[];
	/** What the draws are based on: finished waves and sign-offs seen; `prior` when none yet. */
	basis: { finishedWaves: number; signoffDelays: number; prior: boolean };
	runs: number;
}

/** A finished wave's slip: how much later than its window end its moves were done, per planned millisecond. */
const slipOf = (w: ForecastWave) =>
	Math.max(0, (w.movedAt! - w.windowEnd) / Math.max(HOUR, w.windowEnd - w.windowStart));

/** Draws one of the observed values, or from the prior when none were observed. */
function drawFrom(rand: () => number, observed: readonly number[], prior: () => number): number {
	return observed.length > 0 ? observed[Math.floor(rand() * observed.length)] : prior();
}

const quantile = (sorted: readonly number[], q: number) =>
	sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

export function programmeForecast(
	waves: readonly ForecastWave[],
	now: number,
	options: { runs?: number; seed?: number } = {}
): ProgrammeForecast {
	const runs = options.runs ?? 2_000;
	const ordered = [...waves].filter((w) => w.systems > 0).sort((a, b) => a.windowStart - b.windowStart);
	const finished = ordered.filter((w) => w.migratedAt !== null && w.migrated === w.systems);
	const slips = finished.filter((w) => w.movedAt !== null).map(slipOf);
	const delays = finished
		.filter((w) => w.movedAt !== null)
		.map((w) => Math.max(0, w.migratedAt! - w.movedAt!));
	const plannedEnd = ordered.length ? Math.max(...ordered.map((w) => w.windowEnd)) : null;
	const basis = {
		finishedWaves: finished.length,
		signoffDelays: delays.length,
		prior: slips.length === 0
	};
	if (ordered.length === 0) return { plannedEnd, p50: null, p90: null, drivers: [], basis, runs: 0 };

	const rand = createRandom(options.seed ?? 1);
	// Without a finished wave: on time to half the window late, and a day to a week of testing after it.
	const priorSlip = () => triangular(rand, 0, 0.1, 0.5);
	const priorDelay = () => triangular(rand, DAY, 2 * DAY, 7 * DAY);
	const ends: number[] = [];
	const drivenBy = new Map<string, number>();
	for (let run = 0; run < runs; run++) {
		let previousMoved = -Infinity;
		let end = -Infinity;
		let driver = '';
		for (const w of ordered) {
			let done: number;
			if (w.migratedAt !== null && w.migrated === w.systems) {
				done = w.migratedAt;
				previousMoved = Math.max(previousMoved, w.movedAt ?? w.migratedAt);
			} else {
				// Moves: done already, or the window's end and a drawn slip, never before now or the wave before.
				const moved =
					w.movedAt ??
					Math.max(
						now,
						previousMoved,
						w.windowEnd + drawFrom(rand, slips, priorSlip) * (w.windowEnd - w.windowStart)
					);
				previousMoved = moved;
				done = Math.max(now, moved + drawFrom(rand, delays, priorDelay));
			}
			if (done >= end) {
				end = done;
				driver = w.slug;
			}
		}
		ends.push(end);
		drivenBy.set(driver, (drivenBy.get(driver) ?? 0) + 1);
	}
	ends.sort((a, b) => a - b);
	const drivers = [...drivenBy]
		.map(([wave, count]) => ({ wave, share: count / runs }))
		.filter((d) => d.share >= 0.05)
		.sort((a, b) => b.share - a.share);
	return { plannedEnd, p50: quantile(ends, 0.5), p90: quantile(ends, 0.9), drivers, basis, runs };
}

/** What the forecast needs of a system. */
export interface ForecastSystem {
	wave: string | null;
	movedAt: string | null;
	migratedAt: string | null;
}

/** The waves as the forecast reads them, from the programme's systems and waves (as the board holds them). */
export function forecastWaves(
	systems: readonly ForecastSystem[],
	waves: readonly { slug: string; windowStart: string; windowEnd: string }[]
): ForecastWave[] {
	const of = new Map<string, ForecastSystem[]>();
	for (const s of systems) if (s.wave) of.set(s.wave, [...(of.get(s.wave) ?? []), s]);
	const latest = (times: (string | null)[]) =>
		times.every((t) => t !== null) && times.length > 0 ? Math.max(...times.map((t) => Date.parse(t!))) : null;
	return waves.map((w) => {
		const members = of.get(w.slug) ?? [];
		return {
			slug: w.slug,
			windowStart: Date.parse(w.windowStart),
			windowEnd: Date.parse(w.windowEnd),
			systems: members.length,
			moved: members.filter((s) => s.movedAt !== null).length,
			migrated: members.filter((s) => s.migratedAt !== null).length,
			movedAt: latest(members.map((s) => s.movedAt)),
			migratedAt: latest(members.map((s) => s.migratedAt))
		};
	});
}
