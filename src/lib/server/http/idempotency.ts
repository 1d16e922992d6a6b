/**
 * `Idempotency-Key` for POSTs. The first request with a key claims it for its principal (actor kind and id), runs,
 * and stores its answer; a retry with the same key and the same request gets that stored answer (status and
 * body) and is not applied again. Keys live for a day. A failed request (4xx) stores nothing, since nothing was
 * applied: its retry runs again.
 */
import { createHash } from 'node:crypto';
import type { RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { IDEMPOTENCY_HEADER, idempotencyKey } from '../../shared/schemas/api';
import type { Actor } from '../auth/actor';
import { ConflictError, ValidationError, parse } from '../errors';
import * as q from './idempotency.queries';

const KEEP_MS = 24 * 3_600_000;
/** A claim whose request never finished (its process died) may be taken over after this long. */
const STALE_CLAIM_MS = 2 * 60_000;
const header = z.object({ [IDEMPOTENCY_HEADER]: idempotencyKey });

/** What the row's `body` holds: the request's fingerprint, and once answered, the response body as sent. */
interface Stored {
	request: string;
	response?: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export const principalOf = (actor: Actor) => `${actor.kind}:${actor.id ?? actor.name}`;

/** Runs `run` at most once per principal and Idempotency-Key; without the header it simply runs. */
export async function idempotent(
	event: RequestEvent,
	actor: Actor,
	run: () => Promise<Response>
): Promise<Response> {
	const raw = event.request.headers.get(IDEMPOTENCY_HEADER);
	if (raw === null) return run();
	const key = parse(header, { [IDEMPOTENCY_HEADER]: raw })[IDEMPOTENCY_HEADER];
	let body: string;
	try {
		body = await event.request.clone().text();
	} catch {
		// An unreadable or oversized body: `run` refuses it with its own 4xx, and nothing is claimed.
		return run();
	}
	const request = sha256(`${event.request.method} ${event.url.pathname}\n${body}`);
	const principal = principalOf(actor);
	const db = event.locals.app.db;

	await q.deleteExpiredKeys(db, principal, new Date(Date.now() - KEEP_MS));
	if (!(await q.claimKey(db, principal, key, { request } satisfies Stored))) {
		const existing = await q.findKey(db, principal, key);
		const stored = existing?.body as Stored | undefined;
		if (existing && stored && stored.request !== request)
			throw new ValidationError(
				{ reason: 'errors.idempotencyKeyReused', params: { header: IDEMPOTENCY_HEADER } },
				[{ path: IDEMPOTENCY_HEADER, message: 'was already used for a different request' }]
			);
		if (existing && existing.status !== 0)
			return new Response(stored?.response ?? 'null', {
				status: existing.status,
				headers: { 'Content-Type': 'application/json', 'Idempotent-Replayed': 'true' }
			});
		// Still in progress, unless its claim is stale (then take it over, racing safely through the unique key).
		if (existing) await q.deleteStaleClaim(db, principal, key, new Date(Date.now() - STALE_CLAIM_MS));
		if (!(await q.claimKey(db, principal, key, { request } satisfies Stored)))
			throw new ConflictError({
				reason: 'errors.idempotencyInProgress',
				params: { header: IDEMPOTENCY_HEADER }
			});
	}

	let response: Response;
	try {
		response = await run();
	} catch (err) {
		await q.deleteKey(db, principal, key).catch(() => {});
		throw err;
	}
	if (!response.ok) {
		await q.deleteKey(db, principal, key);
		return response;
	}
	try {
		const answer = await response.clone().text();
		await q.completeKey(db, principal, key, response.status, { request, response: answer } satisfies Stored);
	} catch (err) {
		// The change is applied, so answer it; a retry meanwhile gets 409 until the unfinished claim goes stale.
		console.error(`[idempotency] could not store the answer for key ${key}`, err);
	}
	return response;
}
