/**
 * Runbook templates per kind of system: each save is a new version. A wave keeps the version it was built from
 * until the template is re-applied to it (wave.service.ts), so editing a template never changes a built wave.
 */
import type { TemplateSaveInput, TemplateView } from '../../shared/schemas/programmes';
import { require, type Actor } from '../auth/actor';
import type { Ctx } from '../context';
import { ConflictError, NotFoundError } from '../errors';
import { writeCutover } from '../events/event.service';
import { findProgramme } from './programme.service';
import * as pq from './programme.queries';
import { templateToView } from './views';
import * as q from './waves.queries';

export async function listTemplates(ctx: Ctx, actor: Actor, slug: string): Promise<TemplateView[]> {
	const programme = await findProgramme(ctx, actor, slug);
	return (await pq.templatesOf(ctx.db, programme.id)).map(templateToView);
}

/** Saves a template as its next version (its first when new); `expectedVersion` refuses a stale editor's save. */
export async function saveTemplate(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	key: string,
	input: TemplateSaveInput
): Promise<TemplateView> {
	require(actor, 'programme.manage', 'run programmes');
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		if (w.cutover.kind !== 'programme')
			throw new NotFoundError({ reason: 'errors.programmeNotFound', params: { slug } });
		const held = await q.templateByKey(w.tx, w.cutover.id, key);
		if (input.expectedVersion !== undefined && input.expectedVersion !== held?.version)
			throw new ConflictError(
				{ reason: 'errors.templateChanged', params: { key, version: held?.version ?? 0 } },
				{ template: held ? templateToView(held) : null }
			);
		const values = {
			name: input.name,
			steps: input.steps,
			updatedBy: actor.username ?? actor.name,
			updatedAt: new Date(ctx.clock.now())
		};
		const row = held
			? await q.updateTemplate(w.tx, held.id, { ...values, version: held.version + 1 })
			: await q.insertTemplate(w.tx, { ...values, programmeId: w.cutover.id, key });
		const template = templateToView(row);
		w.record('programme.template_saved', { template });
		return template;
	});
	return result;
}
