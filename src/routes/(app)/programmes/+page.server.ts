import { signedIn } from '$lib/server/http/form';
import { createProgramme } from '$lib/server/programmes/programme.service';
import { programmeSummaries } from '$lib/server/programmes/progress.service';
import { windowFormAction } from '../cutovers/new/window-form.server';
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
	default: windowFormAction(
		(locals, actor, input) => createProgramme(locals.app, actor, input),
		(slug) => `/p/${slug}`
	)
};
