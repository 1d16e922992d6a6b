/** Reads and writes of a programme's progress: its weekly snapshots, its latest sign-offs, the public programmes. */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import {
	cutovers,
	programmeSnapshots,
	programmeSystems,
	systemSignoffs,
	type CutoverRow,
	type ProgrammeSnapshotRow,
	type SystemSignoffRow
} from '../db/schema';

type Q = Db | Tx;

/** The programme's snapshots, the latest week first. */
export const snapshotsOf = (db: Q, programmeId: string): Promise<ProgrammeSnapshotRow[]> =>
	db
		.select()
		.from(programmeSnapshots)
		.where(eq(programmeSnapshots.programmeId, programmeId))
		.orderBy(desc(programmeSnapshots.week));

/** Keeps a week's snapshot, unless that week has one: returns it if inserted, null otherwise. */
export async function insertSnapshot(
	tx: Tx,
	row: typeof programmeSnapshots.$inferInsert
): Promise<ProgrammeSnapshotRow | null> {
	const [inserted] = await tx.insert(programmeSnapshots).values(row).onConflictDoNothing().returning();
	return inserted ?? null;
}

/** Every programme, with the weeks it has snapshots of. */
export async function programmesAndWeeks(
	db: Q
): Promise<{ id: string; slug: string; timezone: string; weeks: Set<string> }[]> {
	const rows = await db
		.select({ id: cutovers.id, slug: cutovers.slug, timezone: cutovers.timezone })
		.from(cutovers)
		.where(eq(cutovers.kind, 'programme'));
	const held = await db
		.select({ programmeId: programmeSnapshots.programmeId, week: programmeSnapshots.week })
		.from(programmeSnapshots);
	return rows.map((r) => ({
		...r,
		weeks: new Set(held.filter((h) => h.programmeId === r.id).map((h) => h.week))
	}));
}

/** The latest sign-offs of the programme's systems, newest first, each with its system's key. */
export const latestSignoffs = (
	db: Q,
	programmeId: string,
	limit: number
): Promise<{ key: string; signoff: SystemSignoffRow }[]> =>
	db
		.select({ key: programmeSystems.key, signoff: systemSignoffs })
		.from(systemSignoffs)
		.innerJoin(programmeSystems, eq(programmeSystems.id, systemSignoffs.systemId))
		.where(eq(programmeSystems.programmeId, programmeId))
		.orderBy(desc(systemSignoffs.id))
		.limit(limit);

/** The programmes shown on the public progress view: those whose notice settings say `publicStatus`. */
export const publicProgrammes = (db: Q): Promise<CutoverRow[]> =>
	db
		.select()
		.from(cutovers)
		.where(and(eq(cutovers.kind, 'programme'), sql`(${cutovers.noticeSettings} ->> 'publicStatus') = 'true'`))
		.orderBy(cutovers.slug);
