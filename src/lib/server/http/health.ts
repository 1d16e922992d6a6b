/**
 * GET /api/health, for load balancers and monitors: public, so no authentication, and no per-request database
 * work. The database is pinged at most once a second however many ask (one ping in flight, shared), so a
 * launch-day probe storm costs the database nothing and an outage still shows within a second.
 */
import { sql } from 'drizzle-orm';
import pkg from '../../../../package.json' with { type: 'json' };
import { health } from '../../shared/schemas/api';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import { endpoint, jsonReply, type RawReply } from './endpoint';

const FRESH_MS = 1_000;

interface Pinger {
	checked: { at: number; ok: boolean };
	pending: Promise<boolean> | null;
}
const pingers = new WeakMap<Db, Pinger>();

function databaseUp(db: Db): Promise<boolean> {
	let p = pingers.get(db);
	if (!p) pingers.set(db, (p = { checked: { at: -Infinity, ok: false }, pending: null }));
	const pinger = p;
	if (performance.now() - pinger.checked.at < FRESH_MS) return Promise.resolve(pinger.checked.ok);
	pinger.pending ??= db
		.execute(sql`select 1`)
		.then(
			() => true,
			() => false
		)
		.then((ok) => {
			pinger.checked = { at: performance.now(), ok };
			pinger.pending = null;
			return ok;
		});
	return pinger.pending;
}

async function answerHealth(ctx: Ctx): Promise<RawReply> {
	const ok = await databaseUp(ctx.db);
	const body = { status: ok ? 'ok' : 'unavailable', database: ctx.dbKind, version: pkg.version };
	return jsonReply(ok ? 200 : 503, body, { 'cache-control': 'no-store' });
}

export const healthEndpoint = endpoint({
	id: 'getHealth',
	method: 'GET',
	path: '/api/health',
	tag: 'meta',
	summary: 'Liveness and database check',
	public: true,
	ok: {
		schema: health,
		description: 'Up',
		more: [{ status: 503, description: 'The database is unreachable' }]
	},
	errors: [],
	handle: ({ ctx }) => answerHealth(ctx)
});
