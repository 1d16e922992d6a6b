import { json } from '@sveltejs/kit';
import { api, created, readJson, readQuery, requireActor } from '$lib/server/http/api';
import { idempotent } from '$lib/server/http/idempotency';
import { paginate } from '$lib/server/http/pagination';
import { createCutover } from '$lib/server/runbook/cutover.service';
import { listCutovers } from '$lib/server/runbook/cutover-lookup';
import { listQuery } from '$lib/shared/schemas/api';
import { cutoverCreateInput } from '$lib/shared/schemas/runbook';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const query = readQuery(event, listQuery);
		return json(paginate(await listCutovers(event.locals.app, actor), query));
	});

export const POST: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		return idempotent(event, actor, async () => {
			const input = await readJson(event, cutoverCreateInput);
			return created(await createCutover(event.locals.app, actor, input));
		});
	});
