import { redirect } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';

/** Every page in (app) needs a signed-in user; others are sent to the login page and back. */
export const load: LayoutServerLoad = async ({ locals, url }) => {
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	return { user: locals.user };
};
