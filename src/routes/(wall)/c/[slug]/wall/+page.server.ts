import { redirect } from '@sveltejs/kit';
import { actorFromWallToken } from '$lib/server/auth/auth.service';
import { getBoardSnapshot } from '$lib/server/board/board-snapshot';
import { UnauthenticatedError } from '$lib/server/errors';
import { errorPage, loaded } from '$lib/server/http/form';
import { setWallCookie } from '$lib/server/http/session-cookie';
import type { PageServerLoad } from './$types';

/**
 * The wall: signed in as anyone, or opened once as `…/wall?token=<a read-only token>`, which the browser then
 * keeps in an httpOnly cookie (the address bar and history lose the token at once). Every later request and the
 * socket check the token again, so revoking it ends the wall within a second.
 */
export const load: PageServerLoad = async ({ locals, params, url, cookies }) => {
	const token = url.searchParams.get('token');
	if (token !== null) {
		const actor = await loaded(() => actorFromWallToken(locals.app, token));
		if (!actor) errorPage(new UnauthenticatedError({ reason: 'errors.tokenUnknown' }));
		setWallCookie(cookies, url, token);
		const kept = new URL(url);
		kept.searchParams.delete('token');
		redirect(303, kept.pathname + kept.search);
	}
	const actor = locals.actor;
	if (!actor) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	return loaded(async () => ({
		snapshot: await getBoardSnapshot(locals.app, actor, params.slug),
		user: locals.user,
		now: Date.now()
	}));
};
