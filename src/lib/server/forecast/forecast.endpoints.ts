/** The window forecast's API. */
import { z } from 'zod';
import { cutoverParams } from '../../shared/schemas/api';
import { forecastPoint, forecastView } from '../../shared/schemas/transfers';
import { endpoint } from '../http/endpoint';
import { getForecast } from './forecast.service';

export const forecastEndpoints = [
	endpoint({
		id: 'getForecast',
		method: 'GET',
		path: '/api/v1/cutovers/{slug}/forecast',
		tag: 'transfers',
		summary: 'The window forecast and how it moved',
		description:
			'The newest forecast (P50/P90 end, probability of finishing inside the window, the steps that drive it) with the seq it was computed at, and the history of earlier ones. Recomputed on the server after changes (debounced) and while the window is open.',
		params: cutoverParams,
		ok: {
			schema: z.object({ forecast: forecastView.nullable(), history: z.array(forecastPoint) }),
			description: 'The forecast (null until one is computed) and its history'
		},
		errors: [400, 401, 403, 404],
		handle: ({ ctx, actor, params }) => getForecast(ctx, actor, params.slug)
	})
];
