import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** Unknown API paths answer in the API's error shape rather than with an HTML page. */
export const fallback: RequestHandler = ({ request, url }) =>
	json(
		{
			error: {
				code: 'not_found',
				message: `no such endpoint: ${request.method} ${url.pathname} (see /api/v1/openapi.json)`
			}
		},
		{ status: 404 }
	);
