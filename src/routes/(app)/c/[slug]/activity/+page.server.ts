import { loaded, signedIn } from '$lib/server/http/form';
import { getBoardSnapshot } from '$lib/server/board/board-snapshot';
import { latestEvents } from '$lib/server/events/event.service';
import { toFeedEvent } from '$lib/shared/events';
import type { PageServerLoad } from './$types';

/** How many events the feed shows; newer ones arrive live on top. */
const FEED_SIZE = 200;

export const load: PageServerLoad = async ({ locals, params, parent }) => {
	await parent();
	const actor = signedIn(locals);
	return loaded(async () => {
		// getBoardSnapshot resolves the slug and checks access (findCutover); the feed reads the same cutover.
		const snapshot = await getBoardSnapshot(locals.app, actor, params.slug);
		return {
			snapshot,
			activity: (await latestEvents(locals.app, snapshot.cutover.id, FEED_SIZE)).map(toFeedEvent),
			feedSize: FEED_SIZE,
			now: Date.now()
		};
	});
};
