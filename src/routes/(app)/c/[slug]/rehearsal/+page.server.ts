import { redirect } from '@sveltejs/kit';
import { getBoardSnapshot } from '$lib/server/board/board-snapshot';
import { field, formAction, formValues, loaded, parseForm, signedIn } from '$lib/server/http/form';
import { clockTimes } from '$lib/server/http/wall-time';
import {
	createRehearsal,
	recordRehearsalFigures,
	rehearsalFigures,
	rehearsalsAround
} from '$lib/server/runbook/rehearsal.service';
import { rehearsalCreateInput } from '$lib/shared/schemas/rehearsals';
import type { Actions, PageServerLoad } from './$types';

/**
 * Rehearsals of a cutover: on a cutover, its rehearsals and a form to start one (a copy of its runbook in its own
 * window); on a rehearsal, what it rehearses and its durations, recorded as that cutover's rehearsal figures
 * after one confirmation. Every act goes through the service the API uses.
 */
export const load: PageServerLoad = async ({ locals, params, parent }) => {
	await parent();
	const actor = signedIn(locals);
	return loaded(async () => {
		const around = await rehearsalsAround(locals.app, actor, params.slug);
		return {
			snapshot: await getBoardSnapshot(locals.app, actor, params.slug),
			...around,
			figures: around.rehearsalOf ? await rehearsalFigures(locals.app, actor, params.slug) : null
		};
	});
};

export const actions: Actions = {
	create: async ({ request, locals, params }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		const created = await formAction(
			async () => {
				const times = clockTimes(data, field(data, 'zone'));
				const input = parseForm(
					rehearsalCreateInput,
					{
						slug: field(data, 'slug'),
						name: field(data, 'name'),
						windowStart: times.read('windowStart'),
						windowEnd: times.read('windowEnd')
					},
					times.issues
				);
				return createRehearsal(locals.app, actor, params.slug, input);
			},
			{ form: 'create', values: formValues(data) }
		);
		if ('slug' in created) redirect(303, `/c/${created.slug}`);
		return created;
	},
	record: async ({ locals, params }) => {
		const actor = signedIn(locals);
		return formAction(
			async () => {
				await recordRehearsalFigures(locals.app, actor, params.slug);
				return { form: 'record', saved: 'record' };
			},
			{ form: 'record' }
		);
	}
};
