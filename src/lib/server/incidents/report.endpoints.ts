/** The API of supplier reports and root-cause analyses (the incident report's export is the composer's). */
import { incidentParams } from '../../shared/schemas/incidents';
import {
	incidentReports,
	rcaInput,
	rcaView,
	reportRequestCreated,
	reportRequestInput,
	reportSubmitInput,
	reportTokenParams,
	reportView
} from '../../shared/schemas/reports';
import { endpoint } from '../http/endpoint';
import { getIncidentReports, recordRca, requestReport, submitReport } from './report.service';

const INCIDENT = '/api/v1/cutovers/{slug}/incidents/{ref}';
const MANAGE = { permission: 'incident.manage', named: 'mim' } as const;

export const reportEndpoints = [
	endpoint({
		id: 'requestSupplierReport',
		method: 'POST',
		path: `${INCIDENT}/report-requests`,
		tag: 'incidents',
		summary: "Ask one of the incident's supplier contacts for a report: a one-use link",
		description:
			'The answer carries the link (path) and its token once; golive keeps only its hash. The link is for this incident and this request only, works once, and expires after expiresInSeconds (72 hours when left out). Asking a supplier who reported already is how a correction is asked for: their next report is a new version.',
		access: MANAGE,
		params: incidentParams,
		body: reportRequestInput,
		idempotent: true,
		ok: { status: 201, schema: reportRequestCreated, description: 'The request and its link' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => requestReport(ctx, actor, params.slug, params.ref, body)
	}),
	endpoint({
		id: 'submitSupplierReport',
		method: 'POST',
		path: '/api/v1/reports/{token}',
		tag: 'incidents',
		summary: 'A supplier sends their report through their link (no account: the token is the credential)',
		description:
			"incident names the incident the report is on: a token for another incident is 403. A token used already or expired is 409, an unknown one 404; a refused send changes nothing. The report is the supplier's next version on the incident.",
		public: true,
		params: reportTokenParams,
		body: reportSubmitInput,
		ok: { status: 201, schema: reportView, description: 'The report as recorded' },
		errors: [400, 403, 404, 409, 413],
		handle: ({ ctx, params, body }) => submitReport(ctx, params.token, body)
	}),
	endpoint({
		id: 'getIncidentReports',
		method: 'GET',
		path: `${INCIDENT}/reports`,
		tag: 'incidents',
		summary: "An incident's report requests, every version of its supplier reports and of its analysis",
		params: incidentParams,
		ok: { schema: incidentReports, description: 'Requests, reports and analyses, oldest first' },
		errors: [400, 401, 403, 404],
		handle: ({ ctx, actor, params }) => getIncidentReports(ctx, actor, params.slug, params.ref)
	}),
	endpoint({
		id: 'recordRootCauseAnalysis',
		method: 'POST',
		path: `${INCIDENT}/rca`,
		tag: 'incidents',
		summary: 'Record the root-cause analysis: a new version, superseding the earlier ones (which stay)',
		access: MANAGE,
		params: incidentParams,
		body: rcaInput,
		idempotent: true,
		ok: { status: 201, schema: rcaView, description: 'The analysis as recorded' },
		errors: [400, 401, 403, 404, 413],
		handle: ({ ctx, actor, params, body }) => recordRca(ctx, actor, params.slug, params.ref, body)
	})
];
