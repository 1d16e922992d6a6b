import { json } from '@sveltejs/kit';
import { updateCriterion } from '$lib/server/decisions/decision.service';
import { api, readJson, readParams, requireActor } from '$lib/server/http/api';
import { criterionParams, criterionUpdateInput } from '$lib/shared/schemas/decisions';
import type { RequestHandler } from './$types';

export const PATCH: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const { slug, key, id } = readParams(event, criterionParams);
		const input = await readJson(event, criterionUpdateInput);
		return json(await updateCriterion(event.locals.app, actor, slug, key, id, input));
	});
