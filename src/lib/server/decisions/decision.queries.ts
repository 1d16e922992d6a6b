import { and, asc, desc, eq, inArray, isNotNull, max, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { reusable } from '../db/reusable';
import {
	cutovers,
	decisionCriteria,
	decisionOutcomes,
	decisionPoints,
	decisionVotes,
	noticeDrafts,
	users,
	type DecisionCriterionRow,
	type DecisionOutcomeRow,
	type DecisionPointRow,
	type DecisionVoteRow,
	type NoticeDraftRow
} from '../db/schema';

type Q = Db | Tx;

/**
 * Votes and outcomes are stamped with the clock at the insert (not the transaction's start): under the cutover's
 * lock that is the order they were accepted in, so "the latest vote" is the one written last. A write path on a
 * clock of its own (the demo's catch-up, which plays the past) gives its time instead.
 */
const insertedNow = sql`clock_timestamp()`;

export const listPoints = (db: Q, cutoverId: string): Promise<DecisionPointRow[]> =>
	db
		.select()
		.from(decisionPoints)
		.where(eq(decisionPoints.cutoverId, cutoverId))
		.orderBy(asc(decisionPoints.position));

export async function pointByKey(
	db: Q,
	cutoverId: string,
	key: string
): Promise<DecisionPointRow | undefined> {
	const [row] = await db
		.select()
		.from(decisionPoints)
		.where(and(eq(decisionPoints.cutoverId, cutoverId), eq(decisionPoints.key, key)));
	return row;
}

/** The criteria, votes and outcomes of some decision points, each list in its order. */
export async function recordsOf(db: Q, pointIds: readonly string[]) {
	if (pointIds.length === 0) return { criteria: [], votes: [], outcomes: [] };
	const ids = [...pointIds];
	const criteria: DecisionCriterionRow[] = await db
		.select()
		.from(decisionCriteria)
		.where(inArray(decisionCriteria.decisionId, ids))
		.orderBy(asc(decisionCriteria.position));
	const votes: DecisionVoteRow[] = await db
		.select()
		.from(decisionVotes)
		.where(inArray(decisionVotes.decisionId, ids))
		.orderBy(asc(decisionVotes.at));
	const outcomes: DecisionOutcomeRow[] = await db
		.select()
		.from(decisionOutcomes)
		.where(inArray(decisionOutcomes.decisionId, ids))
		.orderBy(asc(decisionOutcomes.at));
	return { criteria, votes, outcomes };
}

export async function nextPointPosition(db: Q, cutoverId: string): Promise<number> {
	const [row] = await db
		.select({ last: max(decisionPoints.position) })
		.from(decisionPoints)
		.where(eq(decisionPoints.cutoverId, cutoverId));
	return (row?.last ?? 0) + 1;
}

export async function insertPoint(
	tx: Tx,
	values: typeof decisionPoints.$inferInsert
): Promise<DecisionPointRow> {
	const [row] = await tx.insert(decisionPoints).values(values).returning();
	return row;
}

export async function insertCriteria(
	tx: Tx,
	values: (typeof decisionCriteria.$inferInsert)[]
): Promise<DecisionCriterionRow[]> {
	if (values.length === 0) return [];
	return tx.insert(decisionCriteria).values(values).returning();
}

export async function updateCriterion(
	tx: Tx,
	id: string,
	values: Partial<typeof decisionCriteria.$inferInsert>
): Promise<DecisionCriterionRow> {
	const [row] = await tx.update(decisionCriteria).set(values).where(eq(decisionCriteria.id, id)).returning();
	return row;
}

export async function insertVote(
	tx: Tx,
	values: Omit<typeof decisionVotes.$inferInsert, 'at'>,
	at?: Date
): Promise<DecisionVoteRow> {
	const [row] = await tx
		.insert(decisionVotes)
		.values({ ...values, at: at ?? insertedNow })
		.returning();
	return row;
}

export async function insertOutcome(
	tx: Tx,
	values: Omit<typeof decisionOutcomes.$inferInsert, 'at'>,
	at?: Date
): Promise<DecisionOutcomeRow> {
	const [row] = await tx
		.insert(decisionOutcomes)
		.values({ ...values, at: at ?? insertedNow })
		.returning();
	return row;
}

export async function insertNoticeDraft(
	tx: Tx,
	values: typeof noticeDrafts.$inferInsert
): Promise<NoticeDraftRow> {
	const [row] = await tx.insert(noticeDrafts).values(values).returning();
	return row;
}

/** Notice drafts, newest first. */
export const listNoticeDrafts = (db: Q, cutoverId: string): Promise<NoticeDraftRow[]> =>
	db
		.select()
		.from(noticeDrafts)
		.where(eq(noticeDrafts.cutoverId, cutoverId))
		.orderBy(desc(noticeDrafts.createdAt));

/** Users by username (to check voters and chairs), with whether they may sign in. */
export const usersNamed = (db: Q, usernames: readonly string[]) =>
	usernames.length === 0
		? Promise.resolve([])
		: db
				.select({
					username: users.username,
					displayName: users.displayName,
					role: users.role,
					disabled: users.disabled
				})
				.from(users)
				.where(inArray(users.username, [...usernames]));

export const listPeople = (db: Q) =>
	db
		.select({ username: users.username, displayName: users.displayName, role: users.role, team: users.team })
		.from(users)
		.where(eq(users.disabled, false))
		.orderBy(asc(users.username));

/**
 * The checkpoints of a cutover: each decision point that names a checkpoint task, with its outcomes (kind and
 * what each supersedes) in the order recorded; one row per outcome, or one with no outcome. Cheap enough for the
 * hot path of a task move, and by slug so it can go out with the cutover's lock.
 */
export const checkpointRows = (db: Q, slug: string) => checkpointRowsBySlug(db, { slug });

const selectCheckpointRows = (db: Q) =>
	db
		.select({
			key: decisionPoints.key,
			checkpointTask: decisionPoints.checkpointTask,
			position: decisionPoints.position,
			outcomeId: decisionOutcomes.id,
			kind: decisionOutcomes.kind,
			supersedesId: decisionOutcomes.supersedesId
		})
		.from(decisionPoints)
		.innerJoin(cutovers, eq(decisionPoints.cutoverId, cutovers.id))
		.leftJoin(decisionOutcomes, eq(decisionOutcomes.decisionId, decisionPoints.id))
		.where(and(eq(cutovers.slug, sql.placeholder('slug')), isNotNull(decisionPoints.checkpointTask)))
		.orderBy(asc(decisionPoints.position), asc(decisionOutcomes.at));

const checkpointRowsBySlug = reusable('checkpoint_rows_by_slug', selectCheckpointRows);
