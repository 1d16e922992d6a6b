import { getBoardSnapshot } from '$lib/server/board/board-snapshot';
import { actionRowsOf } from '$lib/server/http/action-rows';
import { field, formAction, formValues, loaded, parseForm, signedIn } from '$lib/server/http/form';
import { getIncident } from '$lib/server/incidents/incident.service';
import { getIncidentReports, recordRca, requestReport } from '$lib/server/incidents/report.service';
import { incidentRefParam } from '$lib/shared/schemas/incidents';
import { rcaInput, reportRequestInput } from '$lib/shared/schemas/reports';
import type { Actions, PageServerLoad } from './$types';

/** Spare action rows the analysis form offers beyond the latest version's. */
const ACTION_ROWS = 3;

/**
 * An incident's supplier reports and root-cause analysis: the room asks each supplier contact for a report (a
 * one-use link, shown once), reads what came back, and the MIM records the analysis, version after version.
 */
export const load: PageServerLoad = async ({ locals, params, parent }) => {
	await parent();
	const actor = signedIn(locals);
	return loaded(async () => {
		const [snapshot, incident, reports] = await Promise.all([
			getBoardSnapshot(locals.app, actor, params.slug),
			getIncident(locals.app, actor, params.slug, params.ref),
			getIncidentReports(locals.app, actor, params.slug, params.ref)
		]);
		return { snapshot, incident, reports, rows: ACTION_ROWS, now: Date.now() };
	});
};

export const actions: Actions = {
	/** Asks one supplier contact for a report; the link is in the answer, this once. */
	request: async ({ request, locals, params, url }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		return formAction(
			async () => {
				const hours = field(data, 'hours').trim();
				const input = parseForm(reportRequestInput, {
					email: field(data, 'email'),
					expiresInSeconds: hours === '' ? undefined : Number(hours) * 3600
				});
				const ref = parseForm(incidentRefParam, params.ref);
				const created = await requestReport(locals.app, actor, params.slug, ref, input);
				return {
					form: 'request',
					link: {
						url: new URL(created.path, url.origin).href,
						organisation: created.supplier.organisation,
						expiresAt: created.expiresAt
					}
				};
			},
			{ form: 'request', values: formValues(data) }
		);
	},
	/** Records a new version of the root-cause analysis. */
	rca: async ({ request, locals, params }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		return formAction(
			async () => {
				const input = parseForm(rcaInput, {
					cause: field(data, 'cause'),
					contributing: field(data, 'contributing'),
					wentWell: field(data, 'wentWell'),
					wentBadly: field(data, 'wentBadly'),
					actions: actionRowsOf(data)
				});
				const ref = parseForm(incidentRefParam, params.ref);
				const rca = await recordRca(locals.app, actor, params.slug, ref, input);
				return { form: 'rca', savedRca: rca.version };
			},
			{ form: 'rca', values: formValues(data) }
		);
	}
};
