import { json } from '@sveltejs/kit';
import { windowHistory } from '$lib/server/runbook/window-history';
import { api, readParams, requireActor } from '$lib/server/http/api';
import { cutoverParams } from '$lib/shared/schemas/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const { slug } = readParams(event, cutoverParams);
		return json({ items: await windowHistory(event.locals.app, actor, slug) });
	});
