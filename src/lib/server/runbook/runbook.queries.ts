import { and, asc, eq, inArray, max, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { reusable } from '../db/reusable';
import {
	cutovers,
	phases,
	tasks,
	windowChanges,
	type CutoverRow,
	type PhaseRow,
	type TaskRow,
	type WindowChangeRow
} from '../db/schema';

type Q = Db | Tx;

export const listCutovers = (db: Q) => db.select().from(cutovers).orderBy(asc(cutovers.windowStart));

export async function cutoverBySlug(db: Q, slug: string): Promise<CutoverRow | undefined> {
	const [row] = await db.select().from(cutovers).where(eq(cutovers.slug, slug));
	return row;
}

export async function cutoverById(db: Q, id: string): Promise<CutoverRow | undefined> {
	const [row] = await db.select().from(cutovers).where(eq(cutovers.id, id));
	return row;
}

/** The rehearsals of a cutover, by window start. */
export const rehearsalsOf = (db: Q, cutoverId: string): Promise<CutoverRow[]> =>
	db.select().from(cutovers).where(eq(cutovers.rehearsalOf, cutoverId)).orderBy(asc(cutovers.windowStart));

export async function insertCutover(db: Q, values: typeof cutovers.$inferInsert): Promise<CutoverRow> {
	const [row] = await db.insert(cutovers).values(values).returning();
	return row;
}

export async function updateCutover(tx: Tx, id: string, values: Partial<typeof cutovers.$inferInsert>) {
	const [row] = await tx.update(cutovers).set(values).where(eq(cutovers.id, id)).returning();
	return row;
}

export const listPhases = (db: Q, cutoverId: string): Promise<PhaseRow[]> =>
	db.select().from(phases).where(eq(phases.cutoverId, cutoverId)).orderBy(asc(phases.position));

export async function insertPhases(tx: Tx, cutoverId: string, names: string[], firstPosition: number) {
	if (names.length === 0) return [];
	return tx
		.insert(phases)
		.values(names.map((name, i) => ({ cutoverId, name, position: firstPosition + i })))
		.returning();
}

export const listTasks = (db: Q, cutoverId: string): Promise<TaskRow[]> =>
	db.select().from(tasks).where(eq(tasks.cutoverId, cutoverId)).orderBy(asc(tasks.position));

/** The columns the forecast reads: under continuous change it reads the whole runbook every few seconds. */
export const listTasksForForecast = (db: Q, cutoverId: string) =>
	db
		.select({
			key: tasks.key,
			title: tasks.title,
			durationMinutes: tasks.durationMinutes,
			dependsOn: tasks.dependsOn,
			dependsOnTransfers: tasks.dependsOnTransfers,
			notBefore: tasks.notBefore,
			status: tasks.status,
			actualStart: tasks.actualStart,
			actualEnd: tasks.actualEnd,
			estimate: tasks.estimate,
			rehearsalMinutes: tasks.rehearsalMinutes
		})
		.from(tasks)
		.where(eq(tasks.cutoverId, cutoverId))
		.orderBy(asc(tasks.position));

/**
 * A task with the name of its phase, in one round trip (the hot path of every move). By slug it can go out with
 * the cutover's lock, before the cutover's id is known.
 */
export async function taskWithPhase(
	db: Q,
	cutover: { id: string } | { slug: string },
	key: string
): Promise<{ task: TaskRow; phaseName: string } | undefined> {
	const [row] = await ('id' in cutover
		? taskByCutoverId(db, { cutoverId: cutover.id, key })
		: taskBySlug(db, { slug: cutover.slug, key }));
	return row;
}

const taskWithPhaseWhere = (db: Q, where: SQL) =>
	db
		.select({ task: tasks, phaseName: phases.name })
		.from(tasks)
		.innerJoin(phases, eq(tasks.phaseId, phases.id))
		.innerJoin(cutovers, eq(tasks.cutoverId, cutovers.id))
		.where(and(where, eq(tasks.key, sql.placeholder('key'))));
const taskByCutoverId = reusable('task_with_phase_by_cutover_id', (db) =>
	taskWithPhaseWhere(db, eq(cutovers.id, sql.placeholder('cutoverId')))
);
const taskBySlug = reusable('task_with_phase_by_slug', (db) =>
	taskWithPhaseWhere(db, eq(cutovers.slug, sql.placeholder('slug')))
);

/** The statuses of some tasks of a cutover, by key. */
export async function statusesOf(db: Q, cutoverId: string, keys: readonly string[]) {
	if (keys.length === 0) return [];
	return taskStatuses(db, { cutoverId, keys: [...keys] });
}

// One statement for any number of keys (`= any`), where `in (...)` would be a statement per count.
const taskStatuses = reusable('task_statuses', (db) =>
	db
		.select({ key: tasks.key, status: tasks.status })
		.from(tasks)
		.where(
			and(
				eq(tasks.cutoverId, sql.placeholder('cutoverId')),
				sql`${tasks.key} = any(${sql.placeholder('keys')}::text[])`
			)
		)
);

export async function nextTaskPosition(db: Q, cutoverId: string): Promise<number> {
	const [row] = await db
		.select({ last: max(tasks.position) })
		.from(tasks)
		.where(eq(tasks.cutoverId, cutoverId));
	return (row?.last ?? 0) + 1;
}

export async function insertTasks(tx: Tx, values: (typeof tasks.$inferInsert)[]): Promise<TaskRow[]> {
	const out: TaskRow[] = [];
	// Chunked so a 10,000-task import stays under the driver's parameter limit.
	for (let i = 0; i < values.length; i += 500)
		out.push(
			...(await tx
				.insert(tasks)
				.values(values.slice(i, i + 500))
				.returning())
		);
	return out;
}

export type TaskMove = {
	id: string;
	status: string;
	actualStart: Date | null;
	actualEnd: Date | null;
	lastNote: string | null;
	version: number;
	updatedAt: Date;
};

/** A move's update. Its row is known without reading it back, so nothing is returned. */
export const moveTask = (tx: Tx, move: TaskMove) =>
	taskMove(tx, {
		...move,
		// Timestamps travel as text: drizzle leaves the driver's date serializers out, mapping dates itself.
		actualStart: move.actualStart?.toISOString() ?? null,
		actualEnd: move.actualEnd?.toISOString() ?? null,
		updatedAt: move.updatedAt.toISOString()
	});

const taskMove = reusable('task_move', (db) =>
	db
		.update(tasks)
		.set({
			status: sql`${sql.placeholder('status')}`,
			// Cast, not bound to the columns: drizzle's column encoder would not let a placeholder be null.
			actualStart: sql`${sql.placeholder('actualStart')}::timestamptz`,
			actualEnd: sql`${sql.placeholder('actualEnd')}::timestamptz`,
			lastNote: sql`${sql.placeholder('lastNote')}`,
			version: sql`${sql.placeholder('version')}::int`,
			updatedAt: sql`${sql.placeholder('updatedAt')}::timestamptz`
		})
		.where(eq(tasks.id, sql.placeholder('id')))
);

export async function updateTask(
	tx: Tx,
	id: string,
	values: Partial<typeof tasks.$inferInsert>
): Promise<TaskRow> {
	const [row] = await tx.update(tasks).set(values).where(eq(tasks.id, id)).returning();
	return row;
}

export async function deleteTasks(tx: Tx, ids: readonly string[]) {
	await tx.delete(tasks).where(inArray(tasks.id, [...ids]));
}

/** The status of each task of one system in a wave: what its stage follows. */
export const systemTaskStatuses = (db: Q, cutoverId: string, systemId: string) =>
	db
		.select({
			id: tasks.id,
			key: tasks.key,
			status: tasks.status,
			systemStep: tasks.systemStep,
			actualStart: tasks.actualStart
		})
		.from(tasks)
		.where(and(eq(tasks.cutoverId, cutoverId), eq(tasks.systemId, systemId)));

export async function deleteRunbook(tx: Tx, cutoverId: string) {
	await tx.delete(tasks).where(eq(tasks.cutoverId, cutoverId));
	await tx.delete(phases).where(eq(phases.cutoverId, cutoverId));
}

export async function insertWindowChange(
	tx: Q,
	values: typeof windowChanges.$inferInsert
): Promise<WindowChangeRow> {
	const [row] = await tx.insert(windowChanges).values(values).returning();
	return row;
}

/** The window's history, oldest first. */
export const listWindowChanges = (db: Q, cutoverId: string): Promise<WindowChangeRow[]> =>
	db
		.select()
		.from(windowChanges)
		.where(eq(windowChanges.cutoverId, cutoverId))
		.orderBy(asc(windowChanges.at), asc(windowChanges.toEnd));
