import { json } from '@sveltejs/kit';
import { api, readJson, readParams, requireActor } from '$lib/server/http/api';
import { getTask, updateTask } from '$lib/server/runbook/task.service';
import { taskParams } from '$lib/shared/schemas/api';
import { taskPatchInput } from '$lib/shared/schemas/runbook';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const { slug, key } = readParams(event, taskParams);
		return json(await getTask(event.locals.app, actor, slug, key));
	});

export const PATCH: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const { slug, key } = readParams(event, taskParams);
		const input = await readJson(event, taskPatchInput);
		return json(await updateTask(event.locals.app, actor, slug, key, input));
	});
