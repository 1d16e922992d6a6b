import { parse } from '$lib/server/errors';
import { DomainError } from '$lib/server/errors';
import { actionRowsOf } from '$lib/server/http/action-rows';
import { errorPage, field, formAction, formValues } from '$lib/server/http/form';
import { reportForm, submitReport } from '$lib/server/incidents/report.service';
import { reportSubmitInput } from '$lib/shared/schemas/reports';
import type { Actions, PageServerLoad } from './$types';

/** How many action rows the page offers (empty ones are left out). */
const ACTION_ROWS = 5;

/**
 * A supplier's report page, opened by the link's token without an account (outside the app's signed-in pages):
 * an unknown, used or expired link is an error page saying so, in the reader's language. Right after the send
 * (the same POST, without scripts) the link is used: the page then shows only the action's thanks.
 */
export const load: PageServerLoad = async ({ locals, params, request }) => {
	try {
		return { report: await reportForm(locals.app, params.token), rows: ACTION_ROWS };
	} catch (err) {
		if (!(err instanceof DomainError)) throw err;
		if (request.method === 'POST') return { report: null, rows: ACTION_ROWS };
		errorPage(err);
	}
};

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const data = await request.formData();
		return formAction(
			async () => {
				const input = parse(reportSubmitInput, {
					incident: field(data, 'incident'),
					when: field(data, 'when'),
					how: field(data, 'how'),
					what: field(data, 'what'),
					why: field(data, 'why'),
					consequences: field(data, 'consequences'),
					actions: actionRowsOf(data)
				});
				const sent = await submitReport(locals.app, params.token, input);
				return { sent: { ref: input.incident, version: sent.version } };
			},
			{ values: formValues(data) }
		);
	}
};
