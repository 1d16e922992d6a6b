/**
 * Idempotency keys: a write that carries one is applied at most once per principal and key. The key is recorded
 * in the same transaction as the change it makes (writeCutover does it), so the change and its key commit together
 * or not at all, and a copy running at the same time waits on the key's unique index and then finds it taken. The
 * answer is stored right after the commit, for every retry to get again. Keys live for a day.
 */
import { ConflictError, ValidationError } from '../errors';
import type { Ctx } from '../context';
import type { Tx } from '../db/client';
import { IDEMPOTENCY_HEADER } from '../../shared/schemas/api';
import * as q from './request-key.queries';

const KEEP_MS = 24 * 3_600_000;
/** How long a retry waits for the answer of a copy that has committed but not yet stored its answer. */
const ANSWER_WAIT_MS = 2_000;
const ANSWER_POLL_MS = 25;
/** An answer still missing after this long will not come: its process died between commit and storing it. */
const ANSWER_LOST_MS = 60_000;

/** A request's key, as the write path sees it; `recorded` once its change has committed with it. */
export interface RequestKey {
	principal: string;
	key: string;
	/** The request's fingerprint (method, path, body): the same key for another request is refused. */
	request: string;
	recorded: boolean;
}

export interface StoredAnswer {
	status: number;
	body: string;
}

/** What the row's `body` holds: the fingerprint, and once answered, the answer's body as sent. */
interface Stored {
	request: string;
	response?: string;
}

/** A copy of this request committed first: its answer is the one to give. */
export class RequestKeyTaken extends ConflictError {
	constructor() {
		super({ reason: 'errors.idempotencyInProgress', params: { header: IDEMPOTENCY_HEADER } });
	}
}

/**
 * The stored answer for this key, or null when the key is new. A key already used for another request is a 400;
 * an answer that does not arrive within a moment is a 409.
 */
export async function storedAnswer(ctx: Pick<Ctx, 'db'>, rk: RequestKey): Promise<StoredAnswer | null> {
	await q.deleteExpiredKeys(ctx.db, rk.principal, new Date(Date.now() - KEEP_MS));
	const waitUntil = Date.now() + ANSWER_WAIT_MS;
	for (;;) {
		const row = await q.findKey(ctx.db, rk.principal, rk.key);
		if (!row) return null;
		const stored = row.body as Stored;
		if (stored.request !== rk.request)
			throw new ValidationError(
				{ reason: 'errors.idempotencyKeyReused', params: { header: IDEMPOTENCY_HEADER } },
				[{ path: IDEMPOTENCY_HEADER, message: 'was already used for a different request' }]
			);
		if (row.status !== 0) return { status: row.status, body: stored.response ?? 'null' };
		if (Date.now() - row.createdAt.getTime() > ANSWER_LOST_MS)
			throw new ConflictError({
				reason: 'errors.idempotencyAnswerLost',
				params: { header: IDEMPOTENCY_HEADER }
			});
		if (Date.now() >= waitUntil) throw new RequestKeyTaken();
		await new Promise((resolve) => setTimeout(resolve, ANSWER_POLL_MS));
	}
}

/** Records the key inside the write's transaction; a copy that committed first makes the write roll back. */
export async function recordKey(tx: Tx, rk: RequestKey): Promise<void> {
	if (!(await q.insertKey(tx, rk.principal, rk.key, 0, { request: rk.request } satisfies Stored)))
		throw new RequestKeyTaken();
}

/**
 * Stores the answer for retries. A request that changed nothing through the write path (its key was not recorded)
 * stores it now, unless a copy got there first.
 */
export async function storeAnswer(ctx: Pick<Ctx, 'db'>, rk: RequestKey, answer: StoredAnswer): Promise<void> {
	const body = { request: rk.request, response: answer.body } satisfies Stored;
	if (rk.recorded) await q.completeKey(ctx.db, rk.principal, rk.key, answer.status, body);
	else await q.insertKey(ctx.db, rk.principal, rk.key, answer.status, body);
}
