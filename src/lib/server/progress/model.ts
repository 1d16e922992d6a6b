/**
 * The public progress view's model, pure: what the public may know of a programme. Counts (in total, by
 * environment and by wave), the waves done and the next ones with their dates, and the weekly history. Never a
 * person (contacts, testers), a host name, an agency or a system's name: only the programme's and its waves'
 * names, numbers and dates.
 */
import { programmeCounts, type Tally } from '../../shared/programmes/counts';
import type { Environment } from '../../shared/programmes/rules';
import type { PublicProgrammeSource } from '../programmes/progress.service';

export interface PublicWave {
	name: string;
	windowStart: string;
	windowEnd: string;
	systems: Tally;
	done: Tally;
}

export interface PublicProgress {
	slug: string;
	name: string;
	timezone: string;
	total: Tally;
	done: Tally;
	moved: Tally;
	toGo: Tally;
	byEnvironment: { environment: Environment; total: Tally; done: Tally }[];
	/** Waves whose window has ended, the latest first. */
	wavesDone: PublicWave[];
	/** Waves under way or to come, the soonest first. */
	wavesNext: PublicWave[];
	/** Systems in no wave yet. */
	unplanned: Tally;
	history: { week: string; total: Tally; done: Tally }[];
	/** When the next wave starts or ends (the view changes then without any event), or null. */
	nextChangeAt: number | null;
}

/** How many waves to come the view lists. */
const NEXT_WAVES = 10;

export function publicProgress(source: PublicProgrammeSource, now: number): PublicProgress {
	const { programme, part, snapshots } = source;
	const counts = programmeCounts(part.systems, part.waves, now);
	const byWave = new Map(counts.byWave.map((w) => [w.wave, w]));
	const waves = part.waves.map((w): PublicWave => {
		const c = byWave.get(w.slug);
		return {
			name: w.name,
			windowStart: w.windowStart,
			windowEnd: w.windowEnd,
			systems: c?.total ?? { systems: 0, machines: 0 },
			done: c?.done ?? { systems: 0, machines: 0 }
		};
	});
	const ended = (w: PublicWave) => Date.parse(w.windowEnd) <= now;
	const boundaries = part.waves
		.flatMap((w) => [Date.parse(w.windowStart), Date.parse(w.windowEnd)])
		.filter((t) => t > now);
	return {
		slug: programme.slug,
		name: programme.name,
		timezone: programme.timezone,
		total: counts.total,
		done: counts.done,
		moved: counts.moved,
		toGo: counts.toGo,
		byEnvironment: (['test', 'production'] as const).map((environment) => ({
			environment,
			total: counts.byEnvironment[environment].total,
			done: counts.byEnvironment[environment].done
		})),
		wavesDone: waves.filter(ended).reverse(),
		wavesNext: waves.filter((w) => !ended(w)).slice(0, NEXT_WAVES),
		unplanned: byWave.get(null)?.total ?? { systems: 0, machines: 0 },
		history: snapshots.map((s) => ({ week: s.week, total: s.counts.total, done: s.counts.done })),
		nextChangeAt: boundaries.length ? Math.min(...boundaries) : null
	};
}
