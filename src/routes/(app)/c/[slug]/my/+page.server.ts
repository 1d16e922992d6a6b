import { loaded, signedIn } from '$lib/server/http/form';
import { getBoardSnapshot } from '$lib/server/board/board-snapshot';
import type { PageServerLoad } from './$types';

/** "My tasks" starts from the same snapshot as the board and stays live the same way. */
export const load: PageServerLoad = async ({ locals, params, parent }) => {
	await parent();
	const actor = signedIn(locals);
	return loaded(async () => ({
		snapshot: await getBoardSnapshot(locals.app, actor, params.slug),
		now: Date.now()
	}));
};
