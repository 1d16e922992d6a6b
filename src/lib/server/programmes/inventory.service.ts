/**
 * A programme's inventory of systems: rows in (from a file or a form), matched by their stable key, so an import
 * can be repeated to update. An import is one transaction and one event carrying the systems it created or
 * changed; a row equal to what is held changes nothing.
 */
import { systemStage } from '../../shared/programmes/rules';
import { fieldMessage } from '../../shared/i18n/field-issues';
import type { SystemInput, SystemPatchInput, SystemView } from '../../shared/schemas/programmes';
import { require, type Actor } from '../auth/actor';
import type { Ctx } from '../context';
import type { ProgrammeSystemRow } from '../db/schema';
import { ConflictError, NotFoundError, issuesError } from '../errors';
import { writeCutover } from '../events/event.service';
import {
	CSV_TYPE,
	XLSX_TYPE,
	inventoryCsv,
	inventoryXlsx,
	readInventoryFile,
	type InventoryFormat
} from './inventory-file';
import * as q from './programme.queries';
import type { SystemWithWave } from './programme.queries';
import { findProgramme } from './programme.service';
import { systemToView } from './views';

export interface InventoryImportResult {
	created: number;
	updated: number;
	unchanged: number;
	/** The systems created or changed, after the import. */
	systems: SystemView[];
}

const FIELDS = [
	'name',
	'agency',
	'environment',
	'vmCount',
	'machines',
	'criticality',
	'contactName',
	'contactEmail',
	'testers',
	'templateKey'
] as const;

/** What a system the import creates holds besides its fields: in no wave, nothing moved, no verdicts. */
const NEW_SYSTEM = {
	id: '',
	waveId: null,
	waveSlug: null,
	windowStart: null,
	windowEnd: null,
	builtFromVersion: null,
	windowRevision: 0,
	noticeId: null,
	startedAt: null,
	movedAt: null,
	verdicts: {}
} satisfies Partial<SystemWithWave>;

const same = (held: ProgrammeSystemRow, row: SystemInput) =>
	FIELDS.every((f) => JSON.stringify(held[f]) === JSON.stringify(row[f]));

/** Creates and updates systems by key (rows already checked by `systemInput`; keys listed once). */
export async function importSystems(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	rows: readonly SystemInput[]
): Promise<InventoryImportResult> {
	require(actor, 'programme.manage', 'run programmes');
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		if (w.cutover.kind !== 'programme')
			throw new NotFoundError({ reason: 'errors.programmeNotFound', params: { slug } });
		const held = new Map((await q.systemsOf(w.tx, w.cutover.id)).map((s) => [s.key, s]));
		const now = new Date(ctx.clock.now());
		const changed = rows.filter((r) => {
			const h = held.get(r.key);
			return !h || !same(h, r);
		});
		const written = changed.map((r) => {
			const h = held.get(r.key);
			// New testers may change whether every tester has said "works".
			const stage = systemStage({
				waveId: h?.waveId ?? null,
				startedAt: h?.startedAt?.toISOString() ?? null,
				movedAt: h?.movedAt?.toISOString() ?? null,
				testers: r.testers,
				verdicts: h?.verdicts ?? {}
			});
			return {
				...r,
				programmeId: w.cutover.id,
				stage,
				migratedAt: stage === 'migrated' ? (h?.migratedAt ?? now) : null,
				updatedAt: now
			};
		});
		await q.upsertSystems(w.tx, written);
		// The systems as the upsert left them, without reading 10,000 rows back: what was held, with what was written.
		const systems = written.map((s) => {
			const h = held.get(s.key);
			return systemToView({ ...(h ?? NEW_SYSTEM), ...s, version: h ? h.version + 1 : 1 });
		});
		const created = changed.filter((r) => !held.has(r.key)).length;
		const updated = changed.length - created;
		if (changed.length > 0) w.record('programme.inventory_imported', { systems, created, updated });
		return { created, updated, unchanged: rows.length - changed.length, systems };
	});
	return result;
}

/** Reads an inventory file (CSV or .xlsx) and imports it; a file with any bad row imports nothing. */
export async function importInventoryFile(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	bytes: Buffer,
	format: InventoryFormat
): Promise<Omit<InventoryImportResult, 'systems'>> {
	// Refused before the file is read: reading a large workbook is work only a manager may cause.
	require(actor, 'programme.manage', 'run programmes');
	await findProgramme(ctx, actor, slug);
	const { created, updated, unchanged } = await importSystems(
		ctx,
		actor,
		slug,
		await readInventoryFile(bytes, format)
	);
	return { created, updated, unchanged };
}

/** The inventory as a file to download: the columns an import takes, so it round-trips. */
export async function exportInventory(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	format: InventoryFormat
): Promise<{ filename: string; contentType: string; body: string | Buffer }> {
	const programme = await findProgramme(ctx, actor, slug);
	const systems = (await q.systemsOf(ctx.db, programme.id)).map(systemToView);
	const filename = `${programme.slug}-inventory.${format}`;
	return format === 'xlsx'
		? { filename, contentType: XLSX_TYPE, body: await inventoryXlsx(systems) }
		: { filename, contentType: `${CSV_TYPE}; charset=utf-8`, body: inventoryCsv(systems) };
}

/**
 * Changes one system by hand (its key stays). New testers may change its stage: a moved system whose testers
 * have all said "works" is migrated, and one that gains a tester waits for that tester's word.
 */
export async function updateSystem(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	key: string,
	input: SystemPatchInput
): Promise<SystemView> {
	require(actor, 'programme.manage', 'run programmes');
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		if (w.cutover.kind !== 'programme')
			throw new NotFoundError({ reason: 'errors.programmeNotFound', params: { slug } });
		const held = await q.systemByKey(w.tx, w.cutover.id, key);
		if (!held) throw new NotFoundError({ reason: 'errors.systemNotFound', params: { key } });
		if (input.expectedVersion !== undefined && input.expectedVersion !== held.version)
			throw new ConflictError({ reason: 'errors.systemChanged' }, { system: systemToView(held) });
		const { expectedVersion: _, ...fields } = input;
		const changed = (Object.keys(fields) as (keyof typeof fields)[]).filter(
			(f) => fields[f] !== undefined && JSON.stringify(fields[f]) !== JSON.stringify(held[f])
		);
		if (changed.length === 0) return systemToView(held);
		const next = { ...held, ...Object.fromEntries(changed.map((f) => [f, fields[f]])) };
		if (next.machines.length > next.vmCount)
			throw issuesError([
				{ path: 'vmCount', message: fieldMessage('fewerThanMachines'), reason: 'fields.fewerThanMachines' }
			]);
		const stage = systemStage({
			waveId: held.waveId,
			startedAt: held.startedAt?.toISOString() ?? null,
			movedAt: held.movedAt?.toISOString() ?? null,
			testers: next.testers,
			verdicts: held.verdicts
		});
		const now = new Date(ctx.clock.now());
		await q.updateSystem(w.tx, held.id, {
			...Object.fromEntries(changed.map((f) => [f, fields[f]])),
			stage,
			migratedAt: stage === 'migrated' ? (held.migratedAt ?? now) : null,
			version: held.version + 1,
			updatedAt: now
		});
		const view = systemToView((await q.systemByKey(w.tx, w.cutover.id, key))!);
		w.record('programme.system_updated', { system: view, changed });
		return view;
	});
	return result;
}
