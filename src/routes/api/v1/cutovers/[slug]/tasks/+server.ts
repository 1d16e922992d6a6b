import { json } from '@sveltejs/kit';
import { api, created, readJson, readParams, readQuery, requireActor } from '$lib/server/http/api';
import { idempotent } from '$lib/server/http/idempotency';
import { paginate } from '$lib/server/http/pagination';
import { createTask, listTasks } from '$lib/server/runbook/task.service';
import { cutoverParams, listQuery } from '$lib/shared/schemas/api';
import { taskCreateInput } from '$lib/shared/schemas/runbook';
import type { RequestHandler } from './$types';

/** The runbook's tasks in runbook order, a page at a time. */
export const GET: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const { slug } = readParams(event, cutoverParams);
		const query = readQuery(event, listQuery);
		return json(paginate(await listTasks(event.locals.app, actor, slug), query));
	});

export const POST: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const { slug } = readParams(event, cutoverParams);
		return idempotent(event, actor, async () => {
			const input = await readJson(event, taskCreateInput);
			return created(await createTask(event.locals.app, actor, slug, input));
		});
	});
