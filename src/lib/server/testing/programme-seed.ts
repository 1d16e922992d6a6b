/**
 * A programme in flight, set straight in the database: waves (cutovers of the programme) with their systems, and
 * systems' stages. For tests and benchmarks that need waves and migrated systems before (or apart from) the
 * services that build waves and record sign-offs; a fixture, not a path users take. No events: seed before a
 * board or a server reads the programme.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { SystemStage } from '../../shared/programmes/rules';
import { cutoverCreateInput, type CutoverView } from '../../shared/schemas/runbook';
import type { App } from '../app';
import { cutovers, programmeSystems } from '../db/schema';
import { createCutover } from '../runbook/cutover.service';
import { testAdmin } from './people';

/** A wave of the programme over `window` (ms), holding the systems of `keys`, each in the wave's window. */
export async function seedWave(
	app: App,
	programme: { id: string },
	wave: { slug: string; name: string; windowStart: number; windowEnd: number },
	keys: readonly string[]
): Promise<CutoverView> {
	const created = await createCutover(
		app,
		testAdmin,
		cutoverCreateInput.parse({
			slug: wave.slug,
			name: wave.name,
			timezone: 'Europe/Oslo',
			windowStart: new Date(wave.windowStart).toISOString(),
			windowEnd: new Date(wave.windowEnd).toISOString()
		})
	);
	await app.db.update(cutovers).set({ programmeId: programme.id }).where(eq(cutovers.id, created.id));
	if (keys.length)
		await app.db
			.update(programmeSystems)
			.set({
				waveId: created.id,
				windowStart: new Date(wave.windowStart),
				windowEnd: new Date(wave.windowEnd),
				stage: 'planned'
			})
			.where(and(eq(programmeSystems.programmeId, programme.id), inArray(programmeSystems.key, [...keys])));
	return { ...created, programmeId: programme.id };
}

/** Sets systems' stages; a migrated one gets `at` as its moment of migration. */
export async function seedStage(
	app: App,
	programme: { id: string },
	keys: readonly string[],
	stage: SystemStage,
	at: number
): Promise<void> {
	const moved = stage === 'moved' || stage === 'problems' || stage === 'migrated';
	await app.db
		.update(programmeSystems)
		.set({
			stage,
			startedAt: stage === 'planned' || stage === 'unplanned' ? null : new Date(at),
			movedAt: moved ? new Date(at) : null,
			migratedAt: stage === 'migrated' ? new Date(at) : null
		})
		.where(and(eq(programmeSystems.programmeId, programme.id), inArray(programmeSystems.key, [...keys])));
}
