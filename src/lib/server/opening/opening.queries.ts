import { asc, eq, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { openingActs, openingPlans, type OpeningActRow, type OpeningPlanRow } from '../db/schema';

type Q = Db | Tx;

/** How many acts a view carries (the event log keeps every one). */
export const ACTS_SHOWN = 100;

export async function planOf(db: Q, cutoverId: string): Promise<OpeningPlanRow | undefined> {
	const [row] = await db.select().from(openingPlans).where(eq(openingPlans.cutoverId, cutoverId));
	return row;
}

export async function actsOf(db: Q, cutoverId: string): Promise<OpeningActRow[]> {
	const rows = await db
		.select()
		.from(openingActs)
		.where(eq(openingActs.cutoverId, cutoverId))
		.orderBy(sql`${openingActs.id} desc`)
		.limit(ACTS_SHOWN);
	return rows.reverse();
}

/** Writes a plan: a new one, or the stages and parts of the one there (where the room has taken it stays). */
export async function putPlan(
	tx: Tx,
	cutoverId: string,
	plan: Pick<OpeningPlanRow, 'stages' | 'parts' | 'reached' | 'gate'>
): Promise<OpeningPlanRow> {
	const [row] = await tx
		.insert(openingPlans)
		.values({ cutoverId, ...plan })
		.onConflictDoUpdate({
			target: openingPlans.cutoverId,
			set: { ...plan, version: sql`${openingPlans.version} + 1`, updatedAt: sql`now()` }
		})
		.returning();
	return row;
}

export async function updatePlan(
	tx: Tx,
	cutoverId: string,
	changes: Partial<Pick<OpeningPlanRow, 'reached' | 'held' | 'restrictions' | 'gate'>>
): Promise<OpeningPlanRow> {
	const [row] = await tx
		.update(openingPlans)
		.set({ ...changes, version: sql`${openingPlans.version} + 1`, updatedAt: sql`now()` })
		.where(eq(openingPlans.cutoverId, cutoverId))
		.returning();
	return row;
}

export async function insertAct(tx: Tx, act: typeof openingActs.$inferInsert): Promise<OpeningActRow> {
	const [row] = await tx.insert(openingActs).values(act).returning();
	return row;
}

/** Cutovers whose opening has a stage still to open: their next gate is watched. */
export const plansInProgress = (db: Q) =>
	db
		.select({ cutoverId: openingPlans.cutoverId })
		.from(openingPlans)
		.where(lt(openingPlans.reached, sql`jsonb_array_length(${openingPlans.stages})`))
		.orderBy(asc(openingPlans.cutoverId));
