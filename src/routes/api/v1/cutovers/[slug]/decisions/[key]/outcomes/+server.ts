import { recordOutcome } from '$lib/server/decisions/decision.service';
import { api, created, readJson, readParams, requireActor } from '$lib/server/http/api';
import { idempotent } from '$lib/server/http/idempotency';
import { decisionParams, outcomeInput } from '$lib/shared/schemas/decisions';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const { slug, key } = readParams(event, decisionParams);
		return idempotent(event, actor, async () => {
			const input = await readJson(event, outcomeInput);
			return created(await recordOutcome(event.locals.app, actor, slug, key, input));
		});
	});
