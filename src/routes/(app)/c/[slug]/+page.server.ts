import { loaded, signedIn } from '$lib/server/http/form';
import { getBoardSnapshot } from '$lib/server/runbook/cutover.service';
import { latestEvents } from '$lib/server/events/event.service';
import type { PageServerLoad } from './$types';

/** The board's first paint; the socket keeps it live from this snapshot's seq on. */
export const load: PageServerLoad = async ({ locals, params, parent }) => {
	await parent(); // the (app) layout sends visitors who are not signed in to the login page
	const actor = signedIn(locals);
	return loaded(async () => {
		// getBoardSnapshot resolves the slug and checks access (findCutover); the feed reads the same cutover.
		const snapshot = await getBoardSnapshot(locals.app, actor, params.slug);
		return { snapshot, activity: await latestEvents(locals.app, snapshot.cutover.id, 30), now: Date.now() };
	});
};
