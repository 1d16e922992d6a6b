import { loaded, signedIn } from '$lib/server/http/form';
import { incidentReportDocument } from '$lib/server/board/incident-report';
import type { PageServerLoad } from './$types';

/** The incident report, print-ready: what the Markdown export says, for paper (A4) or a PDF. */
export const load: PageServerLoad = async ({ locals, params, parent }) => {
	await parent();
	const actor = signedIn(locals);
	return { doc: await loaded(() => incidentReportDocument(locals.app, actor, params.slug, params.ref)) };
};
