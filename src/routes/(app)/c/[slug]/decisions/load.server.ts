/**
 * The load shared by the decision pages and the steering view: the board's snapshot (decisions, window history)
 * to paint from and stay live with, and people's display names.
 */
import type { Actor } from '$lib/server/auth/actor';
import { listPeople } from '$lib/server/decisions/decision.service';
import { loaded, signedIn } from '$lib/server/http/form';
import { getBoardSnapshot } from '$lib/server/board/board-snapshot';

interface LoadEvent {
	locals: App.Locals;
	params: { slug: string };
	parent: () => Promise<unknown>;
}

/** `check` runs alongside (e.g. a 404 for a decision key that is not there); its answer is not kept. */
export async function loadLiveDecisions(
	{ locals, params, parent }: LoadEvent,
	check?: (actor: Actor) => Promise<unknown>
) {
	await parent(); // the (app) layout sends visitors who are not signed in to the login page
	const actor = signedIn(locals);
	return loaded(async () => {
		const [snapshot, people] = await Promise.all([
			getBoardSnapshot(locals.app, actor, params.slug),
			listPeople(locals.app, actor),
			check?.(actor)
		]);
		const names = Object.fromEntries(people.map((p) => [p.username, p.displayName]));
		return { snapshot, names, now: Date.now() };
	});
}
