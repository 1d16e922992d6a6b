import { json } from '@sveltejs/kit';
import { openApiDocument } from '$lib/server/http/openapi';
import pkg from '../../../../../package.json' with { type: 'json' };
import type { RequestHandler } from './$types';

/** The API's OpenAPI 3.1 document; public, like the API's shape itself. */
export const GET: RequestHandler = () =>
	json(openApiDocument(pkg.version), { headers: { 'Cache-Control': 'public, max-age=300' } });
