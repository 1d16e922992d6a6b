import { listPeople } from '$lib/server/decisions/decision.service';
import { getIncident } from '$lib/server/incidents/incident.service';
import { loaded, signedIn } from '$lib/server/http/form';
import { getBoardSnapshot } from '$lib/server/board/board-snapshot';
import {
	noteAction,
	prioritiesAction,
	rolesAction,
	servicesAction,
	severityAction,
	statusAction
} from '../incident-actions.server';
import { draftFromIncidentAction } from '../../notices/notice-actions.server';
import type { Actions, PageServerLoad } from './$types';

/**
 * One incident: first painted from the board's snapshot and its whole timeline (with the decisions and the
 * opening's restrictions from the cutover's log), then live through the socket like the board.
 */
export const load: PageServerLoad = async ({ locals, params, parent }) => {
	await parent(); // the (app) layout sends visitors who are not signed in to the login page
	const actor = signedIn(locals);
	return loaded(async () => {
		// getIncident answers 404 for a reference that is not there.
		const [snapshot, incident, people] = await Promise.all([
			getBoardSnapshot(locals.app, actor, params.slug),
			getIncident(locals.app, actor, params.slug, params.ref),
			listPeople(locals.app, actor)
		]);
		return {
			snapshot,
			incident,
			people: people
				.filter((p) => p.role !== 'viewer')
				.map((p) => ({ username: p.username, displayName: p.displayName })),
			now: Date.now()
		};
	});
};

export const actions: Actions = {
	status: statusAction,
	severity: severityAction,
	roles: rolesAction,
	services: servicesAction,
	priorities: prioritiesAction,
	note: noteAction,
	draftNotice: draftFromIncidentAction
};
