import { redirect } from '@sveltejs/kit';
import { getBoardSnapshot } from '$lib/server/board/board-snapshot';
import { latestEventAt } from '$lib/server/events/event.service';
import { loaded, signedIn } from '$lib/server/http/form';
import { recentSignoffs } from '$lib/server/programmes/progress.service';
import { programmeFirstPaint } from '$lib/shared/programmes/outline';
import type { PageServerLoad } from './$types';

/**
 * The programme board's first paint: the counts and the burn-up, without the systems they are counted from
 * (a megabyte with thousands), which the socket's first join brings; from then on it keeps the board live. No
 * activity feed either (the board shows none, and a programme's events carry whole inventories): only when the
 * newest event was written, for the live indicator.
 */
export const load: PageServerLoad = async ({ locals, params, parent }) => {
	await parent(); // the (app) layout sends visitors who are not signed in to the login page
	const actor = signedIn(locals);
	const data = await loaded(async () => {
		const snapshot = await getBoardSnapshot(locals.app, actor, params.slug);
		const part = snapshot.programme;
		if (part === null) return null;
		const [lastEventAt, signoffs] = await Promise.all([
			latestEventAt(locals.app, snapshot.cutover.id),
			recentSignoffs(locals.app, actor, snapshot.cutover.id)
		]);
		const now = Date.now();
		const named = new Set(signoffs.map((s) => s.system));
		return { ...programmeFirstPaint(snapshot, part, now, named), lastEventAt, signoffs, now };
	});
	// A cutover's slug: its own board.
	if (data === null) redirect(303, `/c/${params.slug}`);
	return data;
};
