import { voteAction } from '../decisions/decision-actions.server';
import { loadLiveDecisions } from '../decisions/load.server';
import type { Actions, PageServerLoad } from './$types';

/** The steering view starts from the board's snapshot (decisions, window history) and stays live the same way. */
export const load: PageServerLoad = (event) => loadLiveDecisions(event);

export const actions: Actions = { vote: voteAction };
