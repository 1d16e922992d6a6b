import { listCutovers } from '$lib/server/runbook/cutover-lookup';
import { signedIn } from '$lib/server/http/form';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, parent }) => {
	await parent(); // the (app) layout sends visitors who are not signed in to the login page
	return { cutovers: await listCutovers(locals.app, signedIn(locals)) };
};
