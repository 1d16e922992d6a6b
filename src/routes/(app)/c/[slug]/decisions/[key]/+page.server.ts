import { getDecision, listPeople } from '$lib/server/decisions/decision.service';
import { loaded, signedIn } from '$lib/server/http/form';
import { getBoardSnapshot } from '$lib/server/runbook/cutover.service';
import { criterionAction, outcomeAction, voteAction } from '../decision-actions.server';
import type { Actions, PageServerLoad } from './$types';

/** One decision point: first painted from the board's snapshot, then live through the socket like the board. */
export const load: PageServerLoad = async ({ locals, params, parent }) => {
	await parent(); // the (app) layout sends visitors who are not signed in to the login page
	const actor = signedIn(locals);
	return loaded(async () => {
		// getDecision answers 404 for a key that is not there; the snapshot carries the point with the rest.
		const [snapshot, , people] = await Promise.all([
			getBoardSnapshot(locals.app, actor, params.slug),
			getDecision(locals.app, actor, params.slug, params.key),
			listPeople(locals.app, actor)
		]);
		const names = Object.fromEntries(people.map((p) => [p.username, p.displayName]));
		return { snapshot, names, now: Date.now() };
	});
};

export const actions: Actions = {
	vote: voteAction,
	criterion: criterionAction,
	outcome: outcomeAction
};
