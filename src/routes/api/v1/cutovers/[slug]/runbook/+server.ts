import { json } from '@sveltejs/kit';
import { api, readJson, readParams, requireActor } from '$lib/server/http/api';
import { importRunbook } from '$lib/server/runbook/task.service';
import { cutoverParams } from '$lib/shared/schemas/api';
import { runbookImportInput } from '$lib/shared/schemas/runbook';
import type { RequestHandler } from './$types';

/** Replaces the whole runbook (refused once any task has moved). */
export const PUT: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const { slug } = readParams(event, cutoverParams);
		const input = await readJson(event, runbookImportInput);
		return json(await importRunbook(event.locals.app, actor, slug, input));
	});
