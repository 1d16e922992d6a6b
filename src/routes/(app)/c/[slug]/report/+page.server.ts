import { postEventReport } from '$lib/server/board/post-event-report';
import { loaded, signedIn } from '$lib/server/http/form';
import type { PageServerLoad } from './$types';

/** The post-event report, print-ready: what the Markdown export says, for paper (A4) or a PDF. */
export const load: PageServerLoad = async ({ locals, params, parent }) => {
	await parent();
	const actor = signedIn(locals);
	return {
		report: await loaded(() => postEventReport(locals.app, actor, params.slug, locals.locale))
	};
};
