import { getDecision } from '$lib/server/decisions/decision.service';
import { criterionAction, outcomeAction, voteAction } from '../decision-actions.server';
import { loadLiveDecisions } from '../load.server';
import type { Actions, PageServerLoad } from './$types';

/** One decision point: first painted from the board's snapshot, then live through the socket like the board. */
export const load: PageServerLoad = (event) =>
	// getDecision answers 404 for a key that is not there; the snapshot carries the point with the rest.
	loadLiveDecisions(event, (actor) =>
		getDecision(event.locals.app, actor, event.params.slug, event.params.key)
	);

export const actions: Actions = {
	vote: voteAction,
	criterion: criterionAction,
	outcome: outcomeAction
};
