import { listAudit } from '$lib/server/audit/audit.service';
import { parse } from '$lib/server/errors';
import { loaded, signedIn } from '$lib/server/http/form';
import { auditQuery } from '$lib/shared/schemas/audit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	return loaded(async () => {
		const query = parse(auditQuery, Object.fromEntries(url.searchParams));
		const entries = await listAudit(locals.app, actor, query);
		return {
			entries,
			kind: query.kind ?? null,
			older: entries.length === query.limit ? entries.at(-1)!.at : null,
			paged: query.before !== undefined
		};
	});
};
