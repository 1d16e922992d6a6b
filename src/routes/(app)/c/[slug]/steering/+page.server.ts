import { listPeople } from '$lib/server/decisions/decision.service';
import { loaded, signedIn } from '$lib/server/http/form';
import { getBoardSnapshot } from '$lib/server/runbook/cutover.service';
import { voteAction } from '../decisions/decision-actions.server';
import type { Actions, PageServerLoad } from './$types';

/** The steering view starts from the board's snapshot (decisions, window history) and stays live the same way. */
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

export const actions: Actions = { vote: voteAction };
