import { json } from '@sveltejs/kit';
import { api, readJson, readParams, requireActor } from '$lib/server/http/api';
import { idempotent } from '$lib/server/http/idempotency';
import { transitionTask } from '$lib/server/runbook/task.service';
import { taskParams } from '$lib/shared/schemas/api';
import { taskTransitionInput } from '$lib/shared/schemas/runbook';
import type { RequestHandler } from './$types';

/** Moves a task; an illegal move or a stale expectedVersion is a 409 carrying the current task. */
export const POST: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const { slug, key } = readParams(event, taskParams);
		return idempotent(event, actor, async () => {
			const input = await readJson(event, taskTransitionInput);
			return json(await transitionTask(event.locals.app, actor, slug, key, input));
		});
	});
