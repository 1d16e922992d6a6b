import { and, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/client';
import { idempotencyKeys } from '../db/schema';

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;

/** Claims (principal, key) with an in-progress row; false when a row for it already exists. */
export async function claimKey(db: Db, principal: string, key: string, body: unknown): Promise<boolean> {
	const rows = await db
		.insert(idempotencyKeys)
		.values({ principal, key, status: 0, body })
		.onConflictDoNothing()
		.returning({ key: idempotencyKeys.key });
	return rows.length > 0;
}

export async function findKey(db: Db, principal: string, key: string): Promise<IdempotencyRow | undefined> {
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

export async function deleteKey(db: Db, principal: string, key: string) {
	await db
		.delete(idempotencyKeys)
		.where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)));
}

/** Removes an unfinished claim older than `before`, so a retry can take it over. */
export async function deleteStaleClaim(db: Db, principal: string, key: string, before: Date) {
	await db
		.delete(idempotencyKeys)
		.where(
			and(
				eq(idempotencyKeys.principal, principal),
				eq(idempotencyKeys.key, key),
				eq(idempotencyKeys.status, 0),
				lt(idempotencyKeys.createdAt, before)
			)
		);
}

/** Forgets a principal's keys older than `before` (the unique index on principal, key serves the lookup). */
export async function deleteExpiredKeys(db: Db, principal: string, before: Date) {
	await db
		.delete(idempotencyKeys)
		.where(and(eq(idempotencyKeys.principal, principal), lt(idempotencyKeys.createdAt, before)));
}
