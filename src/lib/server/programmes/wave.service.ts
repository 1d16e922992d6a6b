/**
 * Building a programme's waves: a new cutover of the programme whose runbook is its systems' templates, made into
 * tasks per system, in ONE transaction (the programme's write; the wave's stream is created inside it). A wave's
 * runbook then works as any cutover's. Re-applying the templates to a wave is an explicit act: the tasks not yet
 * started are rebuilt from the templates' current versions.
 */
import { stepTasks, systemProgress } from '../../shared/programmes/templates';
import type { StepKind } from '../../shared/programmes/rules';
import type { WaveBuildInput, WaveBuilt } from '../../shared/schemas/programmes';
import { require, type Actor } from '../auth/actor';
import { recordedAt } from '../clock';
import type { Ctx } from '../context';
import type { Tx } from '../db/client';
import type { RunbookTemplateRow } from '../db/schema';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { writeCutover } from '../events/event.service';
import * as runbook from '../runbook/runbook.tx';
import { cutoverToView } from '../runbook/views';
import { findProgramme } from './programme.service';
import * as pq from './programme.queries';
import type { SystemWithWave } from './programme.queries';
import { saveSystem } from './system-state';
import { waveToView } from './views';
import * as q from './waves.queries';

/** Each system's template, refusing (naming the system) one without a template or naming an unknown one. */
async function templatesFor(tx: Tx, programmeId: string, systems: readonly SystemWithWave[]) {
	const byKey = new Map((await pq.templatesOf(tx, programmeId)).map((t) => [t.key, t]));
	return new Map(
		systems.map((s): [string, RunbookTemplateRow] => {
			if (!s.templateKey)
				throw new ValidationError({ reason: 'errors.systemWithoutTemplate', params: { key: s.key } });
			const template = byKey.get(s.templateKey);
			if (!template)
				throw new ValidationError({
					reason: 'errors.systemTemplateUnknown',
					params: { key: s.key, template: s.templateKey }
				});
			return [s.id, template];
		})
	);
}

const tasksOfSystem = (system: SystemWithWave, template: RunbookTemplateRow, notBefore: Date | null) =>
	stepTasks(system, template.steps, notBefore?.toISOString() ?? null).map((t) => ({
		...t,
		notBefore: notBefore,
		systemId: system.id
	}));

export async function buildWave(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	input: WaveBuildInput
): Promise<WaveBuilt> {
	require(actor, 'programme.manage', 'run programmes');
	if (actor.cutoverId !== null) throw new ForbiddenError({ reason: 'errors.tokenCannotCreateCutover' });
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		const programme = w.cutover;
		if (programme.kind !== 'programme')
			throw new NotFoundError({ reason: 'errors.programmeNotFound', params: { slug } });
		const keys = input.systems.map((s) => s.key);
		const systems = await q.systemsByKeys(w.tx, programme.id, keys);
		const missing = keys.find((k) => !systems.some((s) => s.key === k));
		if (missing) throw new ValidationError({ reason: 'errors.systemNotFound', params: { key: missing } });
		const taken = systems.find((s) => s.waveId !== null);
		if (taken)
			throw new ConflictError({
				reason: 'errors.systemInOtherWave',
				params: { key: taken.key, wave: taken.waveSlug ?? '' }
			});
		const templates = await templatesFor(w.tx, programme.id, systems);
		if (await runbook.cutoverBySlug(w.tx, input.slug))
			throw new ConflictError({ reason: 'errors.slugTaken', params: { slug: input.slug } });
		const waveRow = await runbook.insertCutover(w.tx, {
			slug: input.slug,
			name: input.name,
			kind: 'cutover',
			programmeId: programme.id,
			timezone: input.timezone ?? programme.timezone,
			windowStart: new Date(input.windowStart),
			windowEnd: new Date(input.windowEnd)
		});
		const windowOf = new Map(
			input.systems.map((s) => [
				s.key,
				{
					start: new Date(s.windowStart ?? input.windowStart),
					end: new Date(s.windowEnd ?? input.windowEnd)
				}
			])
		);
		// The new wave is nobody else's yet: locking it while holding the programme waits for no one.
		await w.also(waveRow.id, async (wave) => {
			await runbook.recordWindowChange(wave.tx, waveRow.id, {
				at: recordedAt(ctx.clock),
				from: null,
				to: waveRow.windowEnd,
				by: actor.username ?? actor.name
			});
			wave.record('cutover.created', { cutover: cutoverToView({ ...wave.cutover, lastSeq: 1 }) });
			await runbook.replaceSystemTasks(
				wave,
				[],
				systems.flatMap((s) => tasksOfSystem(s, templates.get(s.id)!, windowOf.get(s.key)!.start))
			);
		});
		const now = new Date(ctx.clock.now());
		const views = [];
		for (const s of systems) {
			const window = windowOf.get(s.key)!;
			views.push(
				await saveSystem(
					w.tx,
					s,
					{
						waveId: waveRow.id,
						waveSlug: waveRow.slug,
						windowStart: window.start,
						windowEnd: window.end,
						builtFromVersion: templates.get(s.id)!.version
					},
					now
				)
			);
		}
		const wave = waveToView(waveRow);
		w.record('programme.wave_built', { wave, systems: views, reapplied: false });
		return { wave, systems: views };
	});
	return result;
}

/**
 * Rebuilds a wave's tasks not yet started from its systems' templates as they are now (started and finished
 * tasks stay as they are). Locks the wave, then its programme.
 */
export async function reapplyTemplates(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	waveSlug: string
): Promise<WaveBuilt> {
	require(actor, 'programme.manage', 'run programmes');
	const programme = await findProgramme(ctx, actor, slug);
	const found = await q.waveBySlug(ctx.db, programme.id, waveSlug);
	if (!found) throw new NotFoundError({ reason: 'errors.waveNotInProgramme', params: { slug: waveSlug } });
	const { result } = await writeCutover(ctx, actor, found.id, async (w) =>
		w.also(programme.id, async (p) => {
			const systems = await q.systemsOfWave(p.tx, found.id);
			const templates = await templatesFor(p.tx, programme.id, systems);
			const tasks = await runbook.systemTasksOf(w.tx, found.id);
			const remove = tasks.filter((t) => t.status === 'not_started');
			const keptKeys = new Set(tasks.filter((t) => t.status !== 'not_started').map((t) => t.key));
			const add = systems.flatMap((s) =>
				tasksOfSystem(s, templates.get(s.id)!, s.windowStart).filter((t) => !keptKeys.has(t.key))
			);
			await runbook.replaceSystemTasks(w, remove, add);
			const rebuilt = await runbook.systemTasksOf(w.tx, found.id);
			const now = new Date(ctx.clock.now());
			const views = [];
			for (const s of systems) {
				// A new work step after a moved system's last one takes its "moved" back, until it is done.
				const progress = systemProgress(
					rebuilt
						.filter((t) => t.systemId === s.id)
						.map((t) => ({ status: t.status, systemStep: t.systemStep as StepKind | null })),
					{ startedAt: s.startedAt?.toISOString() ?? null, movedAt: s.movedAt?.toISOString() ?? null },
					now.toISOString()
				);
				views.push(
					await saveSystem(
						p.tx,
						s,
						{
							builtFromVersion: templates.get(s.id)!.version,
							startedAt: progress.startedAt ? new Date(progress.startedAt) : null,
							movedAt: progress.movedAt ? new Date(progress.movedAt) : null
						},
						now
					)
				);
			}
			const wave = waveToView(w.cutover);
			p.record('programme.wave_built', { wave, systems: views, reapplied: true });
			return { wave, systems: views };
		})
	);
	return result;
}
