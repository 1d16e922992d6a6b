import { redirect } from '@sveltejs/kit';
import { field, formAction, formValues, parseForm, signedIn } from '$lib/server/http/form';
import { clockTimes } from '$lib/server/http/wall-time';
import { createProgramme } from '$lib/server/programmes/programme.service';
import { programmeSummaries } from '$lib/server/programmes/progress.service';
import { programmeCreateInput } from '$lib/shared/schemas/programmes';
import { slugify } from '../cutovers/new/slugify';
import type { Actions, PageServerLoad } from './$types';

const DEFAULT_ZONE = 'Europe/Helsinki';
const DAY = 86_400_000;

export const load: PageServerLoad = async ({ locals, parent }) => {
	await parent(); // the (app) layout sends visitors who are not signed in to the login page
	const start = Math.ceil(Date.now() / DAY) * DAY;
	return {
		programmes: await programmeSummaries(locals.app, signedIn(locals)),
		// A suggestion to edit: a year from tomorrow.
		defaults: { timezone: DEFAULT_ZONE, windowStart: start, windowEnd: start + 365 * DAY }
	};
};

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		const timezone = field(data, 'timezone');
		const result = await formAction(
			async () => {
				const times = clockTimes(data, timezone);
				const input = parseForm(
					programmeCreateInput,
					{
						name: field(data, 'name'),
						slug: field(data, 'slug').trim() || slugify(field(data, 'name')),
						timezone,
						windowStart: times.read('windowStart'),
						windowEnd: times.read('windowEnd')
					},
					times.issues
				);
				return createProgramme(locals.app, actor, input);
			},
			{ values: formValues(data) }
		);
		if ('slug' in result) redirect(303, `/p/${result.slug}`);
		return result;
	}
};
