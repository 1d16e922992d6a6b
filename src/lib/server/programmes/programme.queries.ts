/** The programme area's reads and writes (drizzle only; private to the area). */
import { alias } from 'drizzle-orm/pg-core';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import {
	cutovers,
	programmeSystems,
	runbookTemplates,
	type CutoverRow,
	type ProgrammeSystemRow,
	type RunbookTemplateRow
} from '../db/schema';

type Q = Db | Tx;

/** A system with its wave's slug (null: in no wave). */
export type SystemWithWave = ProgrammeSystemRow & { waveSlug: string | null };

const wave = alias(cutovers, 'wave');

/** The programme's systems in key order, each with its wave's slug. */
export async function systemsOf(db: Q, programmeId: string): Promise<SystemWithWave[]> {
	const rows = await db
		.select({ system: programmeSystems, waveSlug: wave.slug })
		.from(programmeSystems)
		.leftJoin(wave, eq(wave.id, programmeSystems.waveId))
		.where(eq(programmeSystems.programmeId, programmeId))
		.orderBy(asc(programmeSystems.key));
	return rows.map((r) => ({ ...r.system, waveSlug: r.waveSlug }));
}

/** The programme's waves, in window order. */
export const wavesOf = (db: Q, programmeId: string): Promise<CutoverRow[]> =>
	db
		.select()
		.from(cutovers)
		.where(eq(cutovers.programmeId, programmeId))
		.orderBy(asc(cutovers.windowStart), asc(cutovers.slug));

export const templatesOf = (db: Q, programmeId: string): Promise<RunbookTemplateRow[]> =>
	db
		.select()
		.from(runbookTemplates)
		.where(eq(runbookTemplates.programmeId, programmeId))
		.orderBy(asc(runbookTemplates.key));

export const programmesOf = (db: Q): Promise<CutoverRow[]> =>
	db
		.select()
		.from(cutovers)
		.where(and(eq(cutovers.kind, 'programme')))
		.orderBy(asc(cutovers.windowStart));

/** Inserts or changes systems by key, in one statement per chunk (the parameters of a statement are limited). */
export async function upsertSystems(tx: Tx, rows: (typeof programmeSystems.$inferInsert)[]): Promise<void> {
	const CHUNK = 2_000;
	for (let i = 0; i < rows.length; i += CHUNK)
		await tx
			.insert(programmeSystems)
			.values(rows.slice(i, i + CHUNK))
			.onConflictDoUpdate({
				target: [programmeSystems.programmeId, programmeSystems.key],
				set: {
					name: sql`excluded.name`,
					agency: sql`excluded.agency`,
					environment: sql`excluded.environment`,
					vmCount: sql`excluded.vm_count`,
					machines: sql`excluded.machines`,
					criticality: sql`excluded.criticality`,
					contactName: sql`excluded.contact_name`,
					contactEmail: sql`excluded.contact_email`,
					testers: sql`excluded.testers`,
					templateKey: sql`excluded.template_key`,
					stage: sql`excluded.stage`,
					migratedAt: sql`excluded.migrated_at`,
					version: sql`${programmeSystems.version} + 1`,
					updatedAt: sql`excluded.updated_at`
				}
			});
}

/** One system of the programme by key, with its wave's slug, or undefined. */
export async function systemByKey(
	db: Q,
	programmeId: string,
	key: string
): Promise<SystemWithWave | undefined> {
	const [row] = await db
		.select({ system: programmeSystems, waveSlug: wave.slug })
		.from(programmeSystems)
		.leftJoin(wave, eq(wave.id, programmeSystems.waveId))
		.where(and(eq(programmeSystems.programmeId, programmeId), eq(programmeSystems.key, key)));
	return row && { ...row.system, waveSlug: row.waveSlug };
}

/** Changes one system's fields (its version is the caller's). */
export async function updateSystem(
	tx: Tx,
	id: string,
	set: Partial<typeof programmeSystems.$inferInsert>
): Promise<void> {
	await tx.update(programmeSystems).set(set).where(eq(programmeSystems.id, id));
}
