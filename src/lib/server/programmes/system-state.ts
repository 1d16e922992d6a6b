/** A system's row changed inside a programme's write, its stage (and when it was migrated) following. */
import { systemStage } from '../../shared/programmes/rules';
import type { SystemView } from '../../shared/schemas/programmes';
import type { Tx } from '../db/client';
import type { programmeSystems } from '../db/schema';
import type { SystemWithWave } from './programme.queries';
import { systemToView } from './views';
import * as q from './waves.queries';

export type SystemPatch = Partial<
	Pick<
		typeof programmeSystems.$inferInsert,
		'waveId' | 'windowStart' | 'windowEnd' | 'builtFromVersion' | 'startedAt' | 'movedAt' | 'verdicts'
	>
> & { waveSlug?: string | null };

/** Writes the patch with the stage it leads to; answers the system after it. */
export async function saveSystem(
	tx: Tx,
	system: SystemWithWave,
	patch: SystemPatch,
	now: Date
): Promise<SystemView> {
	const next = { ...system, ...patch };
	const stage = systemStage({
		waveId: next.waveId,
		startedAt: next.startedAt?.toISOString() ?? null,
		movedAt: next.movedAt?.toISOString() ?? null,
		testers: next.testers,
		verdicts: next.verdicts
	});
	const migratedAt = stage === 'migrated' ? (system.migratedAt ?? now) : null;
	const { waveSlug: _slug, ...columns } = patch;
	await q.updateSystem(tx, system.id, { ...columns, stage, migratedAt, updatedAt: now });
	return systemToView({ ...next, stage, migratedAt, updatedAt: now, version: system.version + 1 });
}
