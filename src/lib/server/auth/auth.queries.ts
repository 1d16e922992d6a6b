import { and, asc, count, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';

type Q = Db | Tx;
import { apiTokens, cutovers, sessions, users, type UserRow } from '../db/schema';

export async function userByUsername(db: Db, username: string): Promise<UserRow | undefined> {
	const [row] = await db.select().from(users).where(eq(users.username, username));
	return row;
}

export async function userBySubject(db: Db, issuer: string, subject: string): Promise<UserRow | undefined> {
	const [row] = await db
		.select()
		.from(users)
		.where(and(eq(users.oidcIssuer, issuer), eq(users.oidcSubject, subject)));
	return row;
}

export async function userById(db: Db, id: string): Promise<UserRow | undefined> {
	const [row] = await db.select().from(users).where(eq(users.id, id));
	return row;
}

export const listUsers = (db: Db) => db.select().from(users).orderBy(asc(users.username));

/** Users of the install: the sample's fictional people do not count. */
export async function countUsers(db: Db): Promise<number> {
	const [row] = await db.select({ n: count() }).from(users).where(eq(users.sample, false));
	return row.n;
}

export async function insertUser(db: Q, values: typeof users.$inferInsert): Promise<UserRow> {
	const [row] = await db.insert(users).values(values).returning();
	return row;
}

export async function updateUser(db: Q, id: string, values: Partial<typeof users.$inferInsert>) {
	const [row] = await db.update(users).set(values).where(eq(users.id, id)).returning();
	return row;
}

export async function insertSession(db: Q, values: typeof sessions.$inferInsert) {
	await db.insert(sessions).values(values);
}

export async function sessionWithUser(db: Db, id: string) {
	const [row] = await db
		.select({ session: sessions, user: users })
		.from(sessions)
		.innerJoin(users, eq(sessions.userId, users.id))
		.where(and(eq(sessions.id, id), gt(sessions.expiresAt, new Date())));
	return row;
}

export async function extendSession(db: Db, id: string, expiresAt: Date) {
	await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, id));
}

/** Ends a session; returns whose it was and its provider's ID token (nothing when it had already ended). */
export async function deleteSession(
	db: Q,
	id: string
): Promise<{ username: string; idToken: string | null } | undefined> {
	const [row] = await db
		.delete(sessions)
		.where(eq(sessions.id, id))
		.returning({ userId: sessions.userId, idToken: sessions.idToken });
	if (!row) return undefined;
	const [user] = await db.select({ username: users.username }).from(users).where(eq(users.id, row.userId));
	return { username: user?.username ?? '', idToken: row.idToken };
}

export async function deleteUserSessions(db: Q, userId: string) {
	await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function deleteExpiredSessions(db: Db) {
	await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
}

export async function insertToken(db: Q, values: typeof apiTokens.$inferInsert) {
	const [row] = await db.insert(apiTokens).values(values).returning();
	return row;
}

export async function activeTokenByHash(db: Db, tokenHash: string) {
	const [row] = await db
		.select()
		.from(apiTokens)
		.where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
	return row;
}

export async function touchToken(db: Db, id: string) {
	await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, id));
}

export const listTokens = (db: Db) =>
	db
		.select({ token: apiTokens, cutoverSlug: cutovers.slug })
		.from(apiTokens)
		.leftJoin(cutovers, eq(apiTokens.cutoverId, cutovers.id))
		.orderBy(asc(apiTokens.createdAt));

export async function revokeToken(db: Q, id: string) {
	const [row] = await db
		.update(apiTokens)
		.set({ revokedAt: new Date() })
		.where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
		.returning();
	return row;
}

export async function cutoverIdBySlug(db: Db, slug: string) {
	const [row] = await db.select({ id: cutovers.id }).from(cutovers).where(eq(cutovers.slug, slug));
	return row?.id;
}
