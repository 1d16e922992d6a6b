/** The programme area's reads and writes (drizzle only; private to the area). */
import { alias } from 'drizzle-orm/pg-core';
import { and, asc, eq } from 'drizzle-orm';
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
