/**
 * A wave's systems with their testers' sign-offs: what the post-event report and the wave's page show. Read by
 * the board's composer for any cutover; a cutover that is not a wave has none (null).
 */
import type { WaveSystemSignoffs } from '../../shared/schemas/programmes';
import type { Actor } from '../auth/actor';
import type { Ctx } from '../context';
import type { ProgrammeSystemRow } from '../db/schema';
import { findCutover } from '../runbook/cutover-lookup';
import { signoffToView } from './views';
import * as q from './waves.queries';

/** The wave's systems (and any moved out since it recorded their sign-offs) by key; null when not a wave. */
export async function waveSignoffs(
	ctx: Ctx,
	actor: Actor,
	slug: string
): Promise<WaveSystemSignoffs[] | null> {
	const wave = await findCutover(ctx, actor, slug);
	if (wave.kind !== 'cutover' || !wave.programmeId) return null;
	const [systems, rows] = [await q.systemsOfWave(ctx.db, wave.id), await q.signoffsOfWave(ctx.db, wave.id)];
	const held = new Map<string, ProgrammeSystemRow>(systems.map((s) => [s.id, s]));
	for (const r of rows) if (!held.has(r.system.id)) held.set(r.system.id, r.system);
	return [...held.values()]
		.map((s) => ({
			key: s.key,
			name: s.name,
			stage: s.stage,
			testers: s.testers,
			verdicts: s.verdicts,
			signoffs: rows.filter((r) => r.system.id === s.id).map((r) => signoffToView(s.key, r.signoff))
		}))
		.sort((a, b) => a.key.localeCompare(b.key));
}
