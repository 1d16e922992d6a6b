/**
 * GET /api/health, for load balancers and monitors: answered before SvelteKit, with no authentication and no
 * per-request database work. The database is pinged at most once a second however many ask (one ping in flight,
 * shared), so a launch-day probe storm costs the database nothing and an outage still shows within a second.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import pkg from '../../../../package.json' with { type: 'json' };
import type { Database } from '../db/client';
import { sendJson } from './send-json';

export const HEALTH_PATH = '/api/health';
const FRESH_MS = 1_000;

export function healthEndpoint(database: Pick<Database, 'kind' | 'ping'>) {
	let checked = { at: -Infinity, ok: false };
	let pending: Promise<boolean> | null = null;
	const databaseUp = (): Promise<boolean> => {
		if (performance.now() - checked.at < FRESH_MS) return Promise.resolve(checked.ok);
		pending ??= database
			.ping()
			.then(
				() => true,
				() => false
			)
			.then((ok) => {
				checked = { at: performance.now(), ok };
				pending = null;
				return ok;
			});
		return pending;
	};

	/** Answers the request and returns true when it is a health check; otherwise leaves it alone. */
	return (req: IncomingMessage, res: ServerResponse): boolean => {
		const path = req.url?.split('?')[0];
		if (path !== HEALTH_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
		void databaseUp().then((ok) =>
			sendJson(
				res,
				{
					status: ok ? 200 : 503,
					body: { status: ok ? 'ok' : 'unavailable', database: database.kind, version: pkg.version },
					headers: { 'cache-control': 'no-store' }
				},
				req.method !== 'HEAD'
			)
		);
		return true;
	};
}
