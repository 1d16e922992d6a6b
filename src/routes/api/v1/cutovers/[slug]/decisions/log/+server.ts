import { decisionLog } from '$lib/server/decisions/decision.service';
import { api, readParams, readQuery, requireActor } from '$lib/server/http/api';
import { cutoverParams } from '$lib/shared/schemas/api';
import { decisionLogQuery } from '$lib/shared/schemas/decisions';
import type { RequestHandler } from './$types';

/** The decision log as a download: ?format=md (default) or csv. */
export const GET: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const { slug } = readParams(event, cutoverParams);
		const { format } = readQuery(event, decisionLogQuery);
		const log = await decisionLog(event.locals.app, actor, slug, format);
		return new Response(log.body, {
			headers: {
				'content-type': log.contentType,
				'content-disposition': `attachment; filename="${log.filename}"`,
				'cache-control': 'no-store'
			}
		});
	});
