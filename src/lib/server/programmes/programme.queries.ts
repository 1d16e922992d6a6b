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

/** A system as an import writes it: its inventory fields, and the stage they decide. */
export type SystemUpsert = Pick<
	typeof programmeSystems.$inferInsert,
	| 'programmeId'
	| 'key'
	| 'name'
	| 'agency'
	| 'environment'
	| 'vmCount'
	| 'machines'
	| 'criticality'
	| 'contactName'
	| 'contactEmail'
	| 'testers'
	| 'templateKey'
	| 'stage'
	| 'migratedAt'
	| 'updatedAt'
>;

/**
 * Inserts or changes systems by key in one statement with one parameter: the rows as a JSON array, read back
 * with jsonb_to_recordset. A statement built from 10,000 rows of values took seconds to build and send; this
 * stays one round trip, and far from PostgreSQL's 65,535 parameters.
 */
export async function upsertSystems(tx: Tx, rows: readonly SystemUpsert[]): Promise<void> {
	if (rows.length === 0) return;
	const json = JSON.stringify(
		rows.map((r) => ({
			programme_id: r.programmeId,
			key: r.key,
			name: r.name,
			agency: r.agency,
			environment: r.environment,
			vm_count: r.vmCount,
			machines: r.machines ?? [],
			criticality: r.criticality,
			contact_name: r.contactName,
			contact_email: r.contactEmail,
			testers: r.testers ?? [],
			template_key: r.templateKey ?? null,
			stage: r.stage,
			migrated_at: r.migratedAt?.toISOString() ?? null,
			updated_at: r.updatedAt.toISOString()
		}))
	);
	await tx.execute(sql`
		insert into programme_systems (programme_id, key, name, agency, environment, vm_count, machines, criticality,
			contact_name, contact_email, testers, template_key, stage, migrated_at, updated_at)
		select x.programme_id, x.key, x.name, x.agency, x.environment, x.vm_count,
			array(select jsonb_array_elements_text(x.machines)), x.criticality, x.contact_name, x.contact_email,
			x.testers, x.template_key, x.stage, x.migrated_at, x.updated_at
		from jsonb_to_recordset(${json}::jsonb) as x(programme_id uuid, key text, name text, agency text,
			environment text, vm_count integer, machines jsonb, criticality text, contact_name text,
			contact_email text, testers jsonb, template_key text, stage text, migrated_at timestamptz,
			updated_at timestamptz)
		on conflict (programme_id, key) do update set
			name = excluded.name,
			agency = excluded.agency,
			environment = excluded.environment,
			vm_count = excluded.vm_count,
			machines = excluded.machines,
			criticality = excluded.criticality,
			contact_name = excluded.contact_name,
			contact_email = excluded.contact_email,
			testers = excluded.testers,
			template_key = excluded.template_key,
			stage = excluded.stage,
			migrated_at = excluded.migrated_at,
			version = programme_systems.version + 1,
			updated_at = excluded.updated_at`);
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
