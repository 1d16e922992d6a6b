import { field, formAction, formValues, parseForm, signedIn } from '$lib/server/http/form';
import { getProgramme } from '$lib/server/programmes/programme.service';
import { saveTemplate } from '$lib/server/programmes/template.service';
import { linesToSteps } from '$lib/shared/programmes/templates';
import { can } from '$lib/shared/roles';
import { templateInput } from '$lib/shared/schemas/programmes';
import type { Actions, PageServerLoad } from './$types';

/** The programme's runbook templates, and an editor of one (`?edit=key`, or a new one). */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = signedIn(locals);
	const read = await getProgramme(locals.app, actor, params.slug);
	const editing = read.templates.find((t) => t.key === url.searchParams.get('edit')) ?? null;
	return {
		programme: { slug: read.programme.slug, name: read.programme.name },
		templates: read.templates,
		editing,
		mayEdit: can(actor.role, 'programme.manage')
	};
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		return formAction(
			async () => {
				const expected = field(data, 'expectedVersion');
				const { key, ...input } = parseForm(templateInput, {
					key: field(data, 'key'),
					name: field(data, 'name'),
					steps: linesToSteps(field(data, 'steps')),
					...(expected ? { expectedVersion: Number(expected) } : {})
				});
				const saved = await saveTemplate(locals.app, actor, params.slug, key, input);
				return { saved: { key: saved.key, version: saved.version } };
			},
			{ values: formValues(data) }
		);
	}
};
