import { json } from '@sveltejs/kit';
import pkg from '../../../../package.json' with { type: 'json' };
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	const database = locals.app.dbKind;
	try {
		await locals.app.database.ping();
		return json({ status: 'ok', database, version: pkg.version });
	} catch {
		return json({ status: 'unavailable', database, version: pkg.version }, { status: 503 });
	}
};
