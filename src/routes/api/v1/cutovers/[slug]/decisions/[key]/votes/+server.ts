import { json } from '@sveltejs/kit';
import { castVote } from '$lib/server/decisions/decision.service';
import { api, readJson, readParams, requireActor } from '$lib/server/http/api';
import { idempotent } from '$lib/server/http/idempotency';
import { decisionParams, voteInput } from '$lib/shared/schemas/decisions';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const { slug, key } = readParams(event, decisionParams);
		return idempotent(event, actor, async () => {
			const input = await readJson(event, voteInput);
			return json(await castVote(event.locals.app, actor, slug, key, input));
		});
	});
