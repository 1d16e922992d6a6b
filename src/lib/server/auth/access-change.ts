/**
 * Changes to who may do what (a user disabled, demoted or given a new password, a token revoked, a session
 * ended) travel through PostgreSQL's NOTIFY, sent inside the transaction that makes the change, so every instance
 * hears of it when it commits: each forgets the credentials it cached and re-checks the sockets they opened.
 */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';

export const ACCESS_CHANNEL = 'golive_access';

/** What changed: everything about one user, one token, one session, or (after a lost connection) anything. */
export type AccessChange =
	| { userId: string; tokenId?: undefined; sessionId?: undefined; all?: undefined }
	| { tokenId: string; userId?: undefined; sessionId?: undefined; all?: undefined }
	| { sessionId: string; userId?: undefined; tokenId?: undefined; all?: undefined }
	| { all: true; userId?: undefined; tokenId?: undefined; sessionId?: undefined };

/** Who a credential stands for, to tell which changes concern it. */
export interface CredentialOwner {
	userId: string | null;
	tokenId: string | null;
	sessionId: string | null;
}

export function concerns(change: AccessChange, owner: CredentialOwner): boolean {
	if (change.all) return true;
	if (change.userId) return owner.userId === change.userId;
	if (change.tokenId) return owner.tokenId === change.tokenId;
	return owner.sessionId === change.sessionId;
}

/** Sends the change from inside the writing transaction: it is delivered on commit, and never if it rolls back. */
export async function announceAccessChange(tx: Db | Tx, change: AccessChange): Promise<void> {
	await tx.execute(sql`select pg_notify(${ACCESS_CHANNEL}, ${JSON.stringify(change)})`);
}

export function parseAccessChange(payload: string): AccessChange | null {
	try {
		const v = JSON.parse(payload) as Record<string, unknown>;
		if (typeof v.userId === 'string') return { userId: v.userId };
		if (typeof v.tokenId === 'string') return { tokenId: v.tokenId };
		if (typeof v.sessionId === 'string') return { sessionId: v.sessionId };
		if (v.all === true) return { all: true };
	} catch {
		// Not ours: ignored below.
	}
	return null;
}
