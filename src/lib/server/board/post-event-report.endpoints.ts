/** The post-event report's export: the composer's document as a Markdown download. */
import { z } from 'zod';
import { negotiateLocale } from '../../shared/i18n';
import { cutoverParams } from '../../shared/schemas/api';
import { incidentReportQuery } from '../../shared/schemas/reports';
import { endpoint, RawReply } from '../http/endpoint';
import { exportPostEventReport } from './post-event-report';

export const postEventReportEndpoints = [
	endpoint({
		id: 'getPostEventReport',
		method: 'GET',
		path: '/api/v1/cutovers/{slug}/report',
		tag: 'cutovers',
		summary: 'The post-event report of a cutover or a wave as a Markdown download',
		description:
			"Planned against actual per phase and per task (the longest overruns first), how the forecast moved against the real end, the window's changes, the decisions, incidents and notices with their times, and for a wave its systems' sign-offs (each tester's word, and those still waited for). Headings in lang, or else in the language the Accept-Language header prefers (English, Finnish or Swedish).",
		params: cutoverParams,
		query: incidentReportQuery,
		ok: { schema: z.string(), description: 'The report as an attachment', contentTypes: ['text/markdown'] },
		errors: [400, 401, 403, 404],
		handle: async ({ ctx, actor, params, query, headers }) => {
			const locale = query.lang ?? negotiateLocale(headers['accept-language'] ?? null);
			const doc = await exportPostEventReport(ctx, actor, params.slug, locale);
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
