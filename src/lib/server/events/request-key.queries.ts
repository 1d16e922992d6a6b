import { and, eq, lt } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { idempotencyKeys } from '../db/schema';

export type RequestKeyRow = typeof idempotencyKeys.$inferSelect;

/**
 * Records (principal, key) with its answer still to come (status 0); false when a row for it already exists. Run in
 * the write's own transaction, a concurrent copy waits on the unique index until the first commits.
 */
export async function insertKey(
	db: Db | Tx,
	principal: string,
	key: string,
	status: number,
	body: unknown
): Promise<boolean> {
	const rows = await db
		.insert(idempotencyKeys)
		.values({ principal, key, status, body })
		.onConflictDoNothing()
		.returning({ key: idempotencyKeys.key });
	return rows.length > 0;
}

export async function findKey(db: Db, principal: string, key: string): Promise<RequestKeyRow | undefined> {
	const [row] = await db
		.select()
		.from(idempotencyKeys)
		.where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)));
	return row;
}

export async function completeKey(db: Db, principal: string, key: string, status: number, body: unknown) {
	await db
		.update(idempotencyKeys)
		.set({ status, body })
		.where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)));
}

/** Forgets a principal's keys older than `before` (the unique index on principal, key serves the lookup). */
export async function deleteExpiredKeys(db: Db, principal: string, before: Date) {
	await db
		.delete(idempotencyKeys)
		.where(and(eq(idempotencyKeys.principal, principal), lt(idempotencyKeys.createdAt, before)));
}
