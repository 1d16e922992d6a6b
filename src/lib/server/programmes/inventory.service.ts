/**
 * A programme's inventory of systems: rows in (from a file or a form), matched by their stable key, so an import
 * can be repeated to update. An import is one transaction and one event carrying the systems it created or
 * changed; a row equal to what is held changes nothing.
 */
import { systemStage } from '../../shared/programmes/rules';
import type { SystemInput, SystemView } from '../../shared/schemas/programmes';
import { require, type Actor } from '../auth/actor';
import type { Ctx } from '../context';
import type { ProgrammeSystemRow } from '../db/schema';
import { NotFoundError } from '../errors';
import { writeCutover } from '../events/event.service';
import * as q from './programme.queries';
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
		await q.upsertSystems(
			w.tx,
			changed.map((r) => {
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
			})
		);
		const keys = new Set(changed.map((r) => r.key));
		const systems = (await q.systemsOf(w.tx, w.cutover.id)).filter((s) => keys.has(s.key)).map(systemToView);
		const created = changed.filter((r) => !held.has(r.key)).length;
		const updated = changed.length - created;
		if (changed.length > 0) w.record('programme.inventory_imported', { systems, created, updated });
		return { created, updated, unchanged: rows.length - changed.length, systems };
	});
	return result;
}
