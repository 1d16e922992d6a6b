/**
 * A wave's systems with their testers' sign-offs: what the post-event report and the wave's page show. Read by
 * the board's composer for any cutover; a cutover that is not a wave has none (null).
 */
import type { SignoffView, WaveSystemSignoffs } from '../../shared/schemas/programmes';
import type { CutoverView } from '../../shared/schemas/runbook';
import type { Actor } from '../auth/actor';
import type { Ctx } from '../context';
import type { CutoverRow, ProgrammeSystemRow } from '../db/schema';
import { NotFoundError } from '../errors';
import { findCutover } from '../runbook/cutover-lookup';
import { cutoverToView } from '../runbook/views';
import { findProgramme } from './programme.service';
import { signoffToView } from './views';
import * as q from './waves.queries';

/** The wave's systems (and any moved out since it recorded their sign-offs) by key. */
async function systemsWithSignoffs(ctx: Ctx, wave: CutoverRow): Promise<WaveSystemSignoffs[]> {
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

/** A cutover's systems and sign-offs when it is a wave; null when it is not. */
export async function waveSignoffs(
	ctx: Ctx,
	actor: Actor,
	slug: string
): Promise<WaveSystemSignoffs[] | null> {
	const wave = await findCutover(ctx, actor, slug);
	if (wave.kind !== 'cutover' || !wave.programmeId) return null;
	return systemsWithSignoffs(ctx, wave);
}

/** A wave of the programme with its systems and their sign-offs (the wave's page). */
export async function programmeWave(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	waveSlug: string
): Promise<{ programme: CutoverView; wave: CutoverView; systems: WaveSystemSignoffs[] }> {
	const programme = await findProgramme(ctx, actor, slug);
	const wave = await q.waveBySlug(ctx.db, programme.id, waveSlug);
	if (!wave) throw new NotFoundError({ reason: 'errors.waveNotInProgramme', params: { slug: waveSlug } });
	return {
		programme: cutoverToView(programme),
		wave: cutoverToView(wave),
		systems: await systemsWithSignoffs(ctx, wave)
	};
}

/**
 * A "problems" sign-off of the wave by its seq, with its system's name: what an incident opened from it is
 * prefilled with. Null when the wave has no such word.
 */
export async function problemsSignoff(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	seq: number
): Promise<(SignoffView & { systemName: string }) | null> {
	const wave = await findCutover(ctx, actor, slug);
	const row = wave.programmeId ? await q.signoffInWave(ctx.db, wave.id, seq) : undefined;
	if (!row || row.signoff.verdict !== 'problems') return null;
	return { ...signoffToView(row.system.key, row.signoff), systemName: row.system.name };
}
