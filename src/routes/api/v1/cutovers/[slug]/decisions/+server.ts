import { json } from '@sveltejs/kit';
import { listDecisions, openDecision } from '$lib/server/decisions/decision.service';
import { api, created, readJson, readParams, requireActor } from '$lib/server/http/api';
import { idempotent } from '$lib/server/http/idempotency';
import { cutoverParams } from '$lib/shared/schemas/api';
import { decisionOpenInput } from '$lib/shared/schemas/decisions';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const { slug } = readParams(event, cutoverParams);
		return json({ items: await listDecisions(event.locals.app, actor, slug) });
	});

export const POST: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const { slug } = readParams(event, cutoverParams);
		return idempotent(event, actor, async () => {
			const input = await readJson(event, decisionOpenInput);
			return created(await openDecision(event.locals.app, actor, slug, input));
		});
	});
