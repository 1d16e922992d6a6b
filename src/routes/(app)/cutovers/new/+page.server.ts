import { redirect } from '@sveltejs/kit';
import { field, formAction, formValues, parseForm, requireRole, signedIn } from '$lib/server/http/form';
import { clockTimes } from '$lib/server/http/wall-time';
import { createCutover } from '$lib/server/runbook/cutover.service';
import { cutoverCreateInput } from '$lib/shared/schemas/runbook';
import { instantToWallTime, wallTimeToInstant } from '$lib/shared/time';
import { slugify } from './slugify';
import type { Actions, PageServerLoad } from './$types';

const DEFAULT_ZONE = 'Europe/Helsinki';

export const load: PageServerLoad = async ({ parent }) => {
	const { user } = await parent();
	requireRole(user.role, 'cutover.create', 'create cutovers');
	// A suggestion to edit: tomorrow evening 18:00 until the morning after, Helsinki time (the page writes them in
	// the UI's language).
	const tomorrow = instantToWallTime(Date.now() + 86_400_000, DEFAULT_ZONE).slice(0, 10);
	const start = wallTimeToInstant(`${tomorrow}T18:00`, DEFAULT_ZONE)!;
	return { defaults: { timezone: DEFAULT_ZONE, windowStart: start, windowEnd: start + 14 * 3_600_000 } };
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
					cutoverCreateInput,
					{
						name: field(data, 'name'),
						slug: field(data, 'slug').trim() || slugify(field(data, 'name')),
						timezone,
						windowStart: times.read('windowStart'),
						windowEnd: times.read('windowEnd')
					},
					times.issues
				);
				return createCutover(locals.app, actor, input);
			},
			{ values: formValues(data) }
		);
		if ('slug' in result) redirect(303, `/c/${result.slug}`);
		return result;
	}
};
