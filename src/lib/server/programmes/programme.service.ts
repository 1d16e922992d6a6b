/**
 * Programmes (scenario 3): a stream of its own (a `cutovers` row of kind `programme`) that groups its waves (the
 * cutovers built for it), its inventory of systems and its runbook templates. Its board is the cutover board's
 * path: events, seq, resync; its part of the board snapshot is `programmeOf`.
 */
import { programmeCounts } from '../../shared/programmes/counts';
import { forecastWaves, programmeForecast } from '../../shared/programmes/forecast';
import type { ProgrammeCreateInput, ProgrammePart } from '../../shared/schemas/programmes';
import type { CutoverView } from '../../shared/schemas/runbook';
import { require, requireReader, type Actor } from '../auth/actor';
import type { Ctx } from '../context';
import type { Db, Tx } from '../db/client';
import type { CutoverRow } from '../db/schema';
import { NotFoundError } from '../errors';
import { findCutover } from '../runbook/cutover-lookup';
import { createCutover } from '../runbook/cutover.service';
import { cutoverToView } from '../runbook/views';
import * as q from './programme.queries';
import { systemToView, templateToView, waveToView } from './views';

export async function createProgramme(
	ctx: Ctx,
	actor: Actor,
	input: ProgrammeCreateInput
): Promise<CutoverView> {
	require(actor, 'programme.manage', 'run programmes');
	return createCutover(ctx, actor, input, { kind: 'programme' });
}

export async function listProgrammes(ctx: Ctx, actor: Actor): Promise<CutoverView[]> {
	requireReader(actor);
	const rows = await q.programmesOf(ctx.db);
	return rows.filter((r) => actor.cutoverId === null || r.id === actor.cutoverId).map(cutoverToView);
}

/** Resolves a slug to a programme the actor may see, or throws NotFound/Forbidden. */
export async function findProgramme(ctx: Ctx, actor: Actor, slug: string): Promise<CutoverRow> {
	const row = await findCutover(ctx, actor, slug);
	if (row.kind !== 'programme')
		throw new NotFoundError({ reason: 'errors.programmeNotFound', params: { slug } });
	return row;
}

/** A programme with its systems, waves and templates, and its counts now (the API's read). */
export async function getProgramme(ctx: Ctx, actor: Actor, slug: string) {
	const row = await findProgramme(ctx, actor, slug);
	const part = (await programmeOf(ctx.db, row))!;
	return {
		programme: cutoverToView(row),
		...part,
		counts: programmeCounts(part.systems, part.waves, ctx.clock.now())
	};
}

/** When the programme will end (P50/P90) and which waves drive it, from the waves so far. */
export async function getProgrammeForecast(ctx: Ctx, actor: Actor, slug: string) {
	const row = await findProgramme(ctx, actor, slug);
	const part = (await programmeOf(ctx.db, row))!;
	const f = programmeForecast(forecastWaves(part.systems, part.waves), ctx.clock.now());
	const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
	return { ...f, plannedEnd: iso(f.plannedEnd), p50: iso(f.p50), p90: iso(f.p90) };
}

/** A programme's part of its board snapshot (null for a cutover), read in the caller's transaction. */
export async function programmeOf(
	db: Db | Tx,
	cutover: { id: string; kind: string }
): Promise<ProgrammePart | null> {
	if (cutover.kind !== 'programme') return null;
	const [systems, waves, templates] = [
		await q.systemsOf(db, cutover.id),
		await q.wavesOf(db, cutover.id),
		await q.templatesOf(db, cutover.id)
	];
	return {
		systems: systems.map(systemToView),
		waves: waves.map(waveToView),
		templates: templates.map(templateToView)
	};
}
