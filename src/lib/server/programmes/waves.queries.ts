/** Reads and writes of templates, waves' systems, sign-offs and their links (drizzle only; private to the area). */
import { alias } from 'drizzle-orm/pg-core';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import {
	cutovers,
	programmeSystems,
	runbookTemplates,
	signoffLinks,
	systemSignoffs,
	type CutoverRow,
	type RunbookTemplateRow,
	type SignoffLinkRow,
	type SystemSignoffRow
} from '../db/schema';
import type { SystemWithWave } from './programme.queries';

type Q = Db | Tx;

const wave = alias(cutovers, 'wave');

const withWave = (db: Q) =>
	db
		.select({ system: programmeSystems, waveSlug: wave.slug })
		.from(programmeSystems)
		.leftJoin(wave, eq(wave.id, programmeSystems.waveId));

const flat = (rows: { system: typeof programmeSystems.$inferSelect; waveSlug: string | null }[]) =>
	rows.map((r): SystemWithWave => ({ ...r.system, waveSlug: r.waveSlug }));

export async function templateByKey(
	db: Q,
	programmeId: string,
	key: string
): Promise<RunbookTemplateRow | undefined> {
	const [row] = await db
		.select()
		.from(runbookTemplates)
		.where(and(eq(runbookTemplates.programmeId, programmeId), eq(runbookTemplates.key, key)));
	return row;
}

export async function insertTemplate(tx: Tx, values: typeof runbookTemplates.$inferInsert) {
	const [row] = await tx.insert(runbookTemplates).values(values).returning();
	return row;
}

export async function updateTemplate(
	tx: Tx,
	id: string,
	values: Partial<typeof runbookTemplates.$inferInsert>
) {
	const [row] = await tx.update(runbookTemplates).set(values).where(eq(runbookTemplates.id, id)).returning();
	return row;
}

export async function systemsByKeys(db: Q, programmeId: string, keys: readonly string[]) {
	if (keys.length === 0) return [];
	return flat(
		await withWave(db)
			.where(and(eq(programmeSystems.programmeId, programmeId), inArray(programmeSystems.key, [...keys])))
			.orderBy(asc(programmeSystems.key))
	);
}

export async function systemById(db: Q, id: string): Promise<SystemWithWave | undefined> {
	return flat(await withWave(db).where(eq(programmeSystems.id, id)))[0];
}

export async function systemsOfWave(db: Q, waveId: string): Promise<SystemWithWave[]> {
	return flat(
		await withWave(db).where(eq(programmeSystems.waveId, waveId)).orderBy(asc(programmeSystems.key))
	);
}

export async function updateSystem(
	tx: Tx,
	id: string,
	values: Partial<typeof programmeSystems.$inferInsert>
) {
	await tx
		.update(programmeSystems)
		.set({ ...values, version: sql`${programmeSystems.version} + 1` })
		.where(eq(programmeSystems.id, id));
}

/** A wave of the programme by its slug. */
export async function waveBySlug(db: Q, programmeId: string, slug: string): Promise<CutoverRow | undefined> {
	const [row] = await db
		.select()
		.from(cutovers)
		.where(and(eq(cutovers.programmeId, programmeId), eq(cutovers.slug, slug)));
	return row;
}

export async function insertSignoff(tx: Tx, values: typeof systemSignoffs.$inferInsert) {
	const [row] = await tx.insert(systemSignoffs).values(values).returning();
	return row;
}

export const signoffsOf = (db: Q, systemId: string): Promise<SystemSignoffRow[]> =>
	db
		.select()
		.from(systemSignoffs)
		.where(eq(systemSignoffs.systemId, systemId))
		.orderBy(asc(systemSignoffs.id));

/** The sign-offs recorded in a wave (whatever wave their systems are in now), oldest first, with their systems. */
export const signoffsOfWave = (db: Q, waveId: string) =>
	db
		.select({ signoff: systemSignoffs, system: programmeSystems })
		.from(systemSignoffs)
		.innerJoin(programmeSystems, eq(programmeSystems.id, systemSignoffs.systemId))
		.where(eq(systemSignoffs.waveId, waveId))
		.orderBy(asc(systemSignoffs.id));

/** One sign-off recorded in a wave, by its seq in the programme's log, with its system. */
export async function signoffInWave(db: Q, waveId: string, seq: number) {
	const [row] = await db
		.select({ signoff: systemSignoffs, system: programmeSystems })
		.from(systemSignoffs)
		.innerJoin(programmeSystems, eq(programmeSystems.id, systemSignoffs.systemId))
		.where(and(eq(systemSignoffs.waveId, waveId), eq(systemSignoffs.seq, seq)));
	return row;
}

export async function insertLink(tx: Tx, values: typeof signoffLinks.$inferInsert) {
	const [row] = await tx.insert(signoffLinks).values(values).returning();
	return row;
}

/** A link by its token's hash, with its system and the system's programme (the link's page shows both). */
export async function linkByHash(db: Q, tokenHash: string) {
	const [row] = await db
		.select({ link: signoffLinks, system: programmeSystems, programme: cutovers })
		.from(signoffLinks)
		.innerJoin(programmeSystems, eq(programmeSystems.id, signoffLinks.systemId))
		.innerJoin(cutovers, eq(cutovers.id, programmeSystems.programmeId))
		.where(eq(signoffLinks.tokenHash, tokenHash));
	return row as
		{ link: SignoffLinkRow; system: typeof programmeSystems.$inferSelect; programme: CutoverRow } | undefined;
}

/** Uses a link once: false when another send used it first. */
export async function useLink(tx: Tx, id: string, at: Date): Promise<boolean> {
	const rows = await tx
		.update(signoffLinks)
		.set({ usedAt: at })
		.where(and(eq(signoffLinks.id, id), isNull(signoffLinks.usedAt)))
		.returning({ id: signoffLinks.id });
	return rows.length === 1;
}
