import { json } from '@sveltejs/kit';
import { listNoticeDrafts } from '$lib/server/decisions/decision.service';
import { api, readParams, requireActor } from '$lib/server/http/api';
import { cutoverParams } from '$lib/shared/schemas/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const { slug } = readParams(event, cutoverParams);
		return json({ items: await listNoticeDrafts(event.locals.app, actor, slug) });
	});
