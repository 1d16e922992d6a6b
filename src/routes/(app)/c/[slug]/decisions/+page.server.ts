import { listPeople } from '$lib/server/decisions/decision.service';
import { loaded, signedIn } from '$lib/server/http/form';
import { getBoardSnapshot } from '$lib/server/runbook/cutover.service';
import type { PageServerLoad } from './$types';

/** Every decision point of the cutover (the decision log), from the board's snapshot and live from there. */
export const load: PageServerLoad = async ({ locals, params, parent }) => {
	await parent(); // the (app) layout sends visitors who are not signed in to the login page
	const actor = signedIn(locals);
	return loaded(async () => {
		const [snapshot, people] = await Promise.all([
			getBoardSnapshot(locals.app, actor, params.slug),
			listPeople(locals.app, actor)
		]);
		const names = Object.fromEntries(people.map((p) => [p.username, p.displayName]));
		return { snapshot, names, now: Date.now() };
	});
};
