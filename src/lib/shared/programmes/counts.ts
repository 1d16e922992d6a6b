/**
 * A programme's counts, pure: systems and machines done, moved, in the current wave and to go, in total and by
 * environment, agency and wave (scenario 3's "105 of 392 systems, 514 of 1,349 machines"). The board, the public
 * progress view and the weekly snapshots all count through here, so they never disagree.
 */
import { isDone, isMoved, type Environment, type SystemStage } from './rules';

/** What counting needs of a system. */
export interface CountedSystem {
	stage: SystemStage;
	environment: Environment;
	agency: string;
	wave: string | null;
	vmCount: number;
}

/** What counting needs of a wave. */
export interface CountedWave {
	slug: string;
	name: string;
	windowStart: string;
	windowEnd: string;
}

/** Systems and their machines. */
export interface Tally {
	systems: number;
	machines: number;
}

/** One group's figures: all of it, what is done (migrated), what has moved (signed off or not). */
export interface GroupCount {
	total: Tally;
	done: Tally;
	moved: Tally;
}

export interface ProgrammeCounts {
	total: Tally;
	/** Migrated: moved and signed off. */
	done: Tally;
	/** Moved, signed off or not: "signed off vs moved" compares `done` with this. */
	moved: Tally;
	/** Not done, in a wave whose window holds the moment counted. */
	inCurrentWave: Tally;
	/** Not done. */
	toGo: Tally;
	byStage: Record<SystemStage, Tally>;
	byEnvironment: Record<Environment, GroupCount>;
	/** By agency, in name order. */
	byAgency: ({ agency: string } & GroupCount)[];
	/** By wave in window order, and the systems in no wave last (`wave: null`). */
	byWave: ({ wave: string | null } & GroupCount)[];
}

const tally = (): Tally => ({ systems: 0, machines: 0 });
const group = (): GroupCount => ({ total: tally(), done: tally(), moved: tally() });
const add = (t: Tally, s: CountedSystem) => {
	t.systems += 1;
	t.machines += s.vmCount;
};
const addToGroup = (g: GroupCount, s: CountedSystem) => {
	add(g.total, s);
	if (isDone(s.stage)) add(g.done, s);
	if (isMoved(s.stage)) add(g.moved, s);
};

/** The waves whose window holds `now` (ms). */
export function currentWaves(waves: readonly CountedWave[], now: number): Set<string> {
	return new Set(
		waves.filter((w) => Date.parse(w.windowStart) <= now && now < Date.parse(w.windowEnd)).map((w) => w.slug)
	);
}

export function programmeCounts(
	systems: readonly CountedSystem[],
	waves: readonly CountedWave[],
	now: number
): ProgrammeCounts {
	const current = currentWaves(waves, now);
	const counts: ProgrammeCounts = {
		total: tally(),
		done: tally(),
		moved: tally(),
		inCurrentWave: tally(),
		toGo: tally(),
		byStage: {
			unplanned: tally(),
			planned: tally(),
			moving: tally(),
			moved: tally(),
			problems: tally(),
			migrated: tally()
		},
		byEnvironment: { test: group(), production: group() },
		byAgency: [],
		byWave: []
	};
	const agencies = new Map<string, GroupCount>();
	const byWave = new Map<string | null, GroupCount>(
		[...waves]
			.sort((a, b) => Date.parse(a.windowStart) - Date.parse(b.windowStart))
			.map((w) => [w.slug, group()])
	);
	for (const s of systems) {
		add(counts.total, s);
		add(counts.byStage[s.stage], s);
		if (isDone(s.stage)) add(counts.done, s);
		else {
			add(counts.toGo, s);
			if (s.wave && current.has(s.wave)) add(counts.inCurrentWave, s);
		}
		if (isMoved(s.stage)) add(counts.moved, s);
		addToGroup(counts.byEnvironment[s.environment], s);
		let agency = agencies.get(s.agency);
		if (!agency) agencies.set(s.agency, (agency = group()));
		addToGroup(agency, s);
		let wave = byWave.get(s.wave);
		if (!wave) byWave.set(s.wave, (wave = group()));
		addToGroup(wave, s);
	}
	counts.byAgency = [...agencies]
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([agency, g]) => ({ agency, ...g }));
	const unplanned = byWave.get(null);
	byWave.delete(null);
	counts.byWave = [...byWave].map(([wave, g]) => ({ wave, ...g }));
	if (unplanned) counts.byWave.push({ wave: null, ...unplanned });
	return counts;
}
