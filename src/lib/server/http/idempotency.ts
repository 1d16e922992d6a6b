/**
 * `Idempotency-Key` on the API's writes: the first request with a key is applied and its answer stored; a retry
 * with the same key and the same request (method, path, body) gets that answer again, marked
 * `Idempotent-Replayed: true`, and is not applied again. The key is recorded in the write's own transaction
 * (events/request-key.ts). A request that fails before changing anything stores nothing: its retry runs again.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { IDEMPOTENCY_HEADER, idempotencyKey } from '../../shared/schemas/api';
import type { Actor } from '../auth/actor';
import type { Ctx } from '../context';
import { DomainError, parse } from '../errors';
import { storeAnswer, storedAnswer, type RequestKey } from '../events/request-key';
import { RawReply, errorReply } from './endpoint';
import { log } from '../observability/log';

const header = z.object({ [IDEMPOTENCY_HEADER]: idempotencyKey });
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export const principalOf = (actor: Actor) => `${actor.kind}:${actor.id ?? actor.name}`;

export interface KeyedRequest {
	/** The header's value, as sent. */
	key: string;
	method: string;
	path: string;
	body: string;
}

/** Runs `run` at most once per principal and key, with the key on the ctx it gets for the write path to record. */
export async function idempotent(
	ctx: Ctx,
	actor: Actor,
	request: KeyedRequest,
	run: (ctx: Ctx) => Promise<RawReply>
): Promise<RawReply> {
	const key = parse(header, { [IDEMPOTENCY_HEADER]: request.key })[IDEMPOTENCY_HEADER];
	const rk: RequestKey = {
		principal: principalOf(actor),
		key,
		request: sha256(`${request.method} ${request.path}\n${request.body}`),
		recorded: false
	};
	const stored = await storedAnswer(ctx, rk);
	if (stored) return replay(stored);
	let reply: RawReply;
	try {
		reply = await run({ ...ctx, requestKey: rk });
	} catch (err) {
		// A copy that committed first (or finished while this one was refused): its answer is the answer.
		if (!rk.recorded && err instanceof DomainError) {
			const first = await storedAnswer(ctx, rk).catch(() => null);
			if (first) return replay(first);
		}
		// The change was applied and then a rule refused the rest: a retry must get that answer, not apply it again.
		if (rk.recorded && err instanceof DomainError) await keep(ctx, rk, errorReply(err));
		throw err;
	}
	if (reply.status < 400 || rk.recorded) await keep(ctx, rk, reply);
	return reply;
}

const replay = (stored: { status: number; body: string }) =>
	new RawReply(
		stored.status,
		{ 'content-type': 'application/json', 'idempotent-replayed': 'true' },
		stored.body
	);

async function keep(ctx: Ctx, rk: RequestKey, reply: { status: number; body: string | Buffer | null }) {
	try {
		await storeAnswer(ctx, rk, { status: reply.status, body: String(reply.body ?? 'null') });
	} catch (err) {
		// The change is applied, so answer it; a retry meanwhile waits, then learns the answer was not kept.
		log.error({ err }, `[idempotency] could not store the answer for key ${rk.key}`);
	}
}
