import { requireRole } from '$lib/server/http/form';
import { createCutover } from '$lib/server/runbook/cutover.service';
import { instantToWallTime, wallTimeToInstant } from '$lib/shared/time';
import { windowFormAction } from './window-form.server';
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
	default: windowFormAction(
		(locals, actor, input) => createCutover(locals.app, actor, input),
		(slug) => `/c/${slug}`
	)
};
