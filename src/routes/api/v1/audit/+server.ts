import { json } from '@sveltejs/kit';
import { listAudit } from '$lib/server/audit/audit.service';
import { api, readQuery, requireActor } from '$lib/server/http/api';
import { auditQuery } from '$lib/shared/schemas/audit';
import type { RequestHandler } from './$types';

/** The access audit log, newest first (admins); page on with `before` = the last entry's `at`. */
export const GET: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const query = readQuery(event, auditQuery);
		return json({ items: await listAudit(event.locals.app, actor, query) });
	});
