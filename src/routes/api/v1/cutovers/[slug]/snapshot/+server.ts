import { json } from '@sveltejs/kit';
import { api, readParams, requireActor } from '$lib/server/http/api';
import { getBoardSnapshot } from '$lib/server/runbook/cutover.service';
import { cutoverParams } from '$lib/shared/schemas/api';
import type { RequestHandler } from './$types';

/** The whole board at one seq; follow it with `/events?after=<seq>` (or the socket) to stay current. */
export const GET: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const { slug } = readParams(event, cutoverParams);
		return json(await getBoardSnapshot(event.locals.app, actor, slug));
	});
