/**
 * A programme's burn-up, pure: the plan (systems cumulated by the end of their migration window) against the
 * actual (systems cumulated by when they were migrated), as step lines the board's chart draws and its text
 * alternative summarizes.
 */
import type { SystemStage } from './rules';

export interface BurnUpSystem {
	stage: SystemStage;
	wave: string | null;
	windowEnd: string | null;
	migratedAt: string | null;
}

export interface BurnUpPoint {
	x: number;
	y: number;
}

export interface BurnUp {
	/** Cumulative systems planned to be migrated by each window end (systems in no wave are not planned). */
	plan: BurnUpPoint[];
	/** Cumulative systems migrated by each moment. */
	actual: BurnUpPoint[];
	/** Systems in the inventory: the line both climb towards. */
	total: number;
	/** Systems planned to be done by `now`, and migrated by then. */
	plannedByNow: number;
	doneByNow: number;
	/** The last planned window end (null: nothing planned yet). */
	plannedEnd: number | null;
}

/** Instants to a cumulative step line: one point per distinct instant, the count after it. */
function cumulative(instants: number[]): BurnUpPoint[] {
	instants.sort((a, b) => a - b);
	const points: BurnUpPoint[] = [];
	instants.forEach((x, i) => {
		if (points.length && points[points.length - 1].x === x) points[points.length - 1].y = i + 1;
		else points.push({ x, y: i + 1 });
	});
	return points;
}

const countUpTo = (points: readonly BurnUpPoint[], at: number) =>
	points.reduce((n, p) => (p.x <= at ? p.y : n), 0);

/** The burn-up of the systems as they stand; a system's window end is its own, else its wave's. */
export function burnUp(
	systems: readonly BurnUpSystem[],
	waveEnds: ReadonlyMap<string, string>,
	now: number
): BurnUp {
	const planned: number[] = [];
	const migrated: number[] = [];
	for (const s of systems) {
		const end = s.windowEnd ?? (s.wave ? waveEnds.get(s.wave) : undefined);
		if (s.wave && end) planned.push(Date.parse(end));
		if (s.stage === 'migrated' && s.migratedAt) migrated.push(Date.parse(s.migratedAt));
	}
	const plan = cumulative(planned);
	const actual = cumulative(migrated);
	return {
		plan,
		actual,
		total: systems.length,
		plannedByNow: countUpTo(plan, now),
		doneByNow: countUpTo(actual, now),
		plannedEnd: plan.length ? plan[plan.length - 1].x : null
	};
}
