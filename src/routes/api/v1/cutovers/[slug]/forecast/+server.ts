import { json } from '@sveltejs/kit';
import { api, readParams, requireActor } from '$lib/server/http/api';
import { getForecast } from '$lib/server/forecast/forecast.service';
import { cutoverParams } from '$lib/shared/schemas/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const { slug } = readParams(event, cutoverParams);
		return json(await getForecast(event.locals.app, actor, slug));
	});
