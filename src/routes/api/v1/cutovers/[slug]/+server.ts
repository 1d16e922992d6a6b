import { json } from '@sveltejs/kit';
import { api, readJson, readParams, requireActor } from '$lib/server/http/api';
import { getCutover, updateCutover } from '$lib/server/runbook/cutover.service';
import { cutoverParams } from '$lib/shared/schemas/api';
import { cutoverPatchInput } from '$lib/shared/schemas/runbook';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const { slug } = readParams(event, cutoverParams);
		return json(await getCutover(event.locals.app, actor, slug));
	});

export const PATCH: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const { slug } = readParams(event, cutoverParams);
		const input = await readJson(event, cutoverPatchInput);
		return json(await updateCutover(event.locals.app, actor, slug, input));
	});
