/**
 * The runbook page's opening plan form: its edit buttons (add, remove or move a stage, a condition, a part) send
 * the draft back changed, saving nothing, so the editor works without JavaScript; saving reads the draft into a
 * plan and sets it through the same service function as `PUT .../opening/plan`.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { issuesError, ValidationError, validationErrorFrom } from '$lib/server/errors';
import { field, formAction, formValues, signedIn } from '$lib/server/http/form';
import { setOpeningPlan } from '$lib/server/opening/opening.service';
import { getCutover } from '$lib/server/runbook/cutover-lookup';
import type { FieldIssue } from '$lib/shared/i18n';
import { openingPlanInput, type OpeningPlanInput } from '$lib/shared/schemas/opening';
import { FormReader } from './form-fields';
import { conditionPath, draftFromValues, editDraft, stagePath, type PlanDraft } from './plan-draft';

type Event = RequestEvent<{ slug: string }>;

export const PLAN_FORM = 'openingPlan';

/**
 * The plan a saved draft says, read as the API's schema reads a body; numbers and times that cannot be read are
 * refused at their field, together with the schema's issues (each named by its path, as the form's fields are).
 */
function planOf(draft: PlanDraft, form: FormReader, zone: string): OpeningPlanInput {
	const input = {
		stages: draft.stages.map((s, i) => ({
			key: s.key,
			name: s.name,
			audience: s.audience,
			share: form.number(`${stagePath(i)}.share`, null),
			notBefore: form.clockTime(`${stagePath(i)}.notBefore`, zone),
			conditions: s.conditions.map((c, j) => ({
				metric: c.metric,
				stat: c.stat,
				windowMinutes: form.number(`${conditionPath(i, j)}.windowMinutes`, undefined),
				op: c.op,
				threshold: form.number(`${conditionPath(i, j)}.threshold`, undefined),
				of: c.of || null
			}))
		})),
		parts: draft.parts
	};
	const result = openingPlanInput.safeParse(input);
	if (result.success && form.issues.length === 0) return result.data;
	const flagged = new Set(form.issues.map((i) => i.path));
	const fromSchema = result.success ? [] : (validationErrorFrom(result.error).details as FieldIssue[]);
	throw issuesError([...form.issues, ...fromSchema.filter((i) => !flagged.has(i.path))]);
}

export async function openingPlanAction({ request, locals, params }: Event) {
	const actor = signedIn(locals);
	const data = await request.formData();
	const values = formValues(data);
	return formAction(
		async () => {
			const draft = draftFromValues(values);
			const edit = field(data, 'do');
			if (edit !== 'save') {
				const edited = editDraft(draft, edit, field(data, 'firstMetric'));
				if (!edited) throw new ValidationError(`unknown edit "${edit}"`);
				return { form: PLAN_FORM, draft: edited };
			}
			const cutover = await getCutover(locals.app, actor, params.slug);
			const plan = planOf(draft, new FormReader(data), cutover.timezone);
			const opening = await setOpeningPlan(locals.app, actor, params.slug, plan);
			return { form: PLAN_FORM, savedPlan: opening.stages.length };
		},
		{ form: PLAN_FORM, values }
	);
}
