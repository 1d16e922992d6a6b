/**
 * A programme board's first paint, pure: the board snapshot without the programme's systems (a megabyte with
 * thousands of them), and what the board draws from them counted on the server: the counts, the burn-up and the
 * names of the systems its latest sign-offs name. The systems follow over the socket, and from then on the board
 * counts from them as events arrive.
 */
import type { BoardSnapshot } from '../events';
import type { ProgrammePart } from '../schemas/programmes';
import { burnUp, type BurnUp, type BurnUpSystem } from './burnup';
import { programmeCounts, type CountedWave, type ProgrammeCounts } from './counts';

export interface ProgrammeOutline {
	counts: ProgrammeCounts;
	burnUp: BurnUp;
	/** System names by key, for the systems `outline` was asked to name. */
	names: Record<string, string>;
}

/** The burn-up of a programme's systems against the ends of their waves' windows. */
export function programmeBurnUp(
	part: { systems: readonly BurnUpSystem[]; waves: readonly CountedWave[] },
	now: number
): BurnUp {
	return burnUp(part.systems, new Map(part.waves.map((w) => [w.slug, w.windowEnd])), now);
}

/** A programme's snapshot without its systems, and their outline; `named`: the systems to name. */
export function programmeFirstPaint(
	snapshot: BoardSnapshot,
	part: ProgrammePart,
	now: number,
	named: ReadonlySet<string>
): { snapshot: BoardSnapshot; outline: ProgrammeOutline } {
	return {
		snapshot: { ...snapshot, programme: { ...part, systems: [] } },
		outline: {
			counts: programmeCounts(part.systems, part.waves, now),
			burnUp: programmeBurnUp(part, now),
			names: Object.fromEntries(part.systems.filter((s) => named.has(s.key)).map((s) => [s.key, s.name]))
		}
	};
}
