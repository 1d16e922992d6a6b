import { redirect } from '@sveltejs/kit';
import { getBoardSnapshot } from '$lib/server/board/board-snapshot';
import { latestEvents } from '$lib/server/events/event.service';
import { loaded, signedIn } from '$lib/server/http/form';
import { recentSignoffs } from '$lib/server/programmes/progress.service';
import { toFeedEvent } from '$lib/shared/events';
import type { PageServerLoad } from './$types';

/** The programme board's first paint; the socket keeps it live from this snapshot's seq on. */
export const load: PageServerLoad = async ({ locals, params, parent }) => {
	await parent(); // the (app) layout sends visitors who are not signed in to the login page
	const actor = signedIn(locals);
	const data = await loaded(async () => {
		const snapshot = await getBoardSnapshot(locals.app, actor, params.slug);
		if (snapshot.programme === null) return null;
		const [activity, signoffs] = await Promise.all([
			latestEvents(locals.app, snapshot.cutover.id, 30),
			recentSignoffs(locals.app, actor, snapshot.cutover.id)
		]);
		return { snapshot, activity: activity.map(toFeedEvent), signoffs, now: Date.now() };
	});
	// A cutover's slug: its own board.
	if (data === null) redirect(303, `/c/${params.slug}`);
	return data;
};
