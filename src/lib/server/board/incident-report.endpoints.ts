/** The incident report's export: the composer's document as a Markdown download. */
import { z } from 'zod';
import { negotiateLocale } from '../../shared/i18n';
import { incidentParams } from '../../shared/schemas/incidents';
import { incidentReportQuery } from '../../shared/schemas/reports';
import { endpoint, RawReply } from '../http/endpoint';
import { exportIncidentReport } from './incident-report';

const INCIDENT = '/api/v1/cutovers/{slug}/incidents/{ref}';

export const incidentReportEndpoints = [
	endpoint({
		id: 'getIncidentReport',
		method: 'GET',
		path: `${INCIDENT}/report`,
		tag: 'incidents',
		summary: 'The incident report as a Markdown download',
		description:
			"The incident's fields, its timeline, the readings of its metrics over its span, the latest version of each supplier's report (with a note of earlier ones) and the root-cause analysis. Headings in lang, or else in the language the Accept-Language header prefers (English, Finnish or Swedish).",
		params: incidentParams,
		query: incidentReportQuery,
		ok: { schema: z.string(), description: 'The report as an attachment', contentTypes: ['text/markdown'] },
		errors: [400, 401, 403, 404],
		handle: async ({ ctx, actor, params, query, headers }) => {
			const locale = query.lang ?? negotiateLocale(headers['accept-language'] ?? null);
			const doc = await exportIncidentReport(ctx, actor, params.slug, params.ref, locale);
			return new RawReply(
				200,
				{
					'content-type': doc.contentType,
					'content-disposition': `attachment; filename="${doc.filename}"`,
					'content-language': locale,
					'cache-control': 'no-store'
				},
				doc.body
			);
		}
	})
];
