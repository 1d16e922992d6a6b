/**
 * The load balancer's two questions, public and with no per-request database work.
 *
 * GET /api/health: is the process alive? It answers without the database, so an outage of PostgreSQL does not
 * make a load balancer or an orchestrator restart every instance (they stay up and say why writes are paused).
 *
 * GET /api/ready: should this instance get traffic? Not while the database does not answer or while the instance
 * drains before it stops. The database is pinged at most once a second however many ask (one ping in flight,
 * shared), so a launch-day probe storm costs the database nothing and an outage still shows within a second.
 */
import pkg from '../../../../package.json' with { type: 'json' };
import { health, readiness } from '../../shared/schemas/api';
import type { Ctx } from '../context';
import { databaseUp } from '../db/database-watch';
import { endpoint, jsonReply, type RawReply } from './endpoint';

const NO_STORE = { 'cache-control': 'no-store' };

async function answerReady(ctx: Ctx): Promise<RawReply> {
	const draining = ctx.lifecycle.draining;
	const database = (await databaseUp(ctx.db)) ? 'ok' : 'unreachable';
	const ready = database === 'ok' && !draining;
	const body = {
		status: ready ? 'ready' : 'not_ready',
		checks: { database, migrations: 'done', draining },
		version: pkg.version
	};
	return jsonReply(ready ? 200 : 503, body, NO_STORE);
}

export const healthEndpoint = endpoint({
	id: 'getHealth',
	method: 'GET',
	path: '/api/health',
	tag: 'meta',
	summary: 'Liveness: the process answers (the database is not asked)',
	public: true,
	ok: { schema: health, description: 'Alive' },
	errors: [],
	handle: async ({ ctx }) =>
		jsonReply(200, { status: 'ok', database: ctx.dbKind, version: pkg.version }, NO_STORE)
});

export const readyEndpoint = endpoint({
	id: 'getReady',
	method: 'GET',
	path: '/api/ready',
	tag: 'meta',
	summary: 'Readiness: the database answers and the instance is not draining',
	public: true,
	ok: {
		schema: readiness,
		description: 'Ready for traffic',
		more: [{ status: 503, description: 'Not ready: the database is unreachable or the instance is stopping' }]
	},
	errors: [],
	handle: ({ ctx }) => answerReady(ctx)
});
