import { json } from '@sveltejs/kit';
import { getDecision } from '$lib/server/decisions/decision.service';
import { api, readParams, requireActor } from '$lib/server/http/api';
import { decisionParams } from '$lib/shared/schemas/decisions';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const { slug, key } = readParams(event, decisionParams);
		return json(await getDecision(event.locals.app, actor, slug, key));
	});
