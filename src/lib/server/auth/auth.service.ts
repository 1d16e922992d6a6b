/**
 * Users, sessions and API tokens. Passwords are argon2id hashes; session and token secrets are random and only
 * their SHA-256 is stored, so the database never holds anything a thief could replay.
 */
import { hash as digest, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Role } from '../../shared/roles';
import type { TokenCreateInput, UserCreateInput, UserUpdateInput, UserView } from '../../shared/schemas/auth';
import { require, type Actor } from './actor';
import type { Ctx } from '../context';
import type { UserRow } from '../db/schema';
import { ConflictError, NotFoundError, UnauthenticatedError, ValidationError } from '../errors';
import * as q from './auth.queries';

const DAY = 86_400_000;
// The one-shot digest: about a third of the cost of a Hash object, on every script's request.
const sha256 = (s: string) => digest('sha256', s, 'hex');
const secret = () => randomBytes(32).toString('base64url');
// A constant hash to verify against when the user does not exist, so timing does not reveal usernames.
let dummyHash: Promise<string> | undefined;

export const userToView = (u: UserRow): UserView => ({
	id: u.id,
	username: u.username,
	displayName: u.displayName,
	role: u.role as Role,
	team: u.team,
	disabled: u.disabled,
	sample: u.sample,
	createdAt: u.createdAt.toISOString()
});

export const userActor = (u: UserRow): Actor => ({
	kind: 'user',
	id: u.id,
	name: u.displayName,
	role: u.role as Role,
	username: u.username,
	team: u.team,
	cutoverId: null
});

export const hashPassword = (password: string) => hash(password);

/** Setup is open until the install has a user (the sample's fictional people do not count). */
export async function needsSetup(ctx: Ctx): Promise<boolean> {
	return (await q.countUsers(ctx.db)) === 0;
}

async function insertUser(ctx: Ctx, input: UserCreateInput, sample = false): Promise<UserView> {
	if (await q.userByUsername(ctx.db, input.username))
		throw new ConflictError({ reason: 'errors.usernameTaken', params: { username: input.username } });
	const row = await q.insertUser(ctx.db, {
		username: input.username,
		displayName: input.displayName,
		role: input.role,
		team: input.team,
		passwordHash: await hashPassword(input.password),
		sample
	});
	return userToView(row);
}

/** The first admin, from the setup page; refused once the install has a user. */
export async function setupFirstAdmin(ctx: Ctx, input: Omit<UserCreateInput, 'role'>): Promise<UserView> {
	if (!(await needsSetup(ctx))) throw new ConflictError({ reason: 'errors.setupDone' });
	return insertUser(ctx, { ...input, role: 'admin' });
}

export async function createUser(ctx: Ctx, actor: Actor, input: UserCreateInput): Promise<UserView> {
	require(actor, 'users.manage', 'manage users');
	return insertUser(ctx, input);
}

export async function updateUser(
	ctx: Ctx,
	actor: Actor,
	id: string,
	input: UserUpdateInput
): Promise<UserView> {
	require(actor, 'users.manage', 'manage users');
	const user = await q.userById(ctx.db, id);
	if (!user) throw new NotFoundError({ reason: 'errors.userNotFound' });
	if (user.id === actor.id && (input.disabled || (input.role && input.role !== 'admin')))
		throw new ConflictError({ reason: 'errors.cannotDemoteSelf' });
	const row = await q.updateUser(ctx.db, id, {
		displayName: input.displayName,
		role: input.role,
		team: input.team,
		disabled: input.disabled,
		passwordHash: input.password ? await hashPassword(input.password) : undefined
	});
	if (input.disabled || input.password) await q.deleteUserSessions(ctx.db, id);
	return userToView(row);
}

export async function listUsers(ctx: Ctx, actor: Actor): Promise<UserView[]> {
	require(actor, 'users.manage', 'manage users');
	return (await q.listUsers(ctx.db)).map(userToView);
}

/** Checks a password; returns a new session token (for the cookie) and its expiry. */
export async function login(
	ctx: Ctx,
	username: string,
	password: string,
	sessionDays: number
): Promise<{ token: string; expiresAt: Date; user: UserView }> {
	const user = await q.userByUsername(ctx.db, username);
	dummyHash ??= hashPassword('not a real password');
	const ok = await verify(user?.passwordHash ?? (await dummyHash), password).catch(() => false);
	if (!user || !ok || user.disabled) throw new UnauthenticatedError({ reason: 'errors.wrongCredentials' });
	const token = secret();
	const expiresAt = new Date(Date.now() + sessionDays * DAY);
	await q.insertSession(ctx.db, { id: sha256(token), userId: user.id, expiresAt });
	// Sign-ins are rare enough to carry the sweep of expired sessions, which would otherwise pile up.
	await q.deleteExpiredSessions(ctx.db);
	return { token, expiresAt, user: userToView(user) };
}

/** The user behind a session cookie, sliding the expiry forward when half of it has passed. */
export async function actorFromSession(
	ctx: Ctx,
	token: string,
	sessionDays: number
): Promise<{ actor: Actor; user: UserView; expiresAt: Date; renewed: boolean } | null> {
	const row = await q.sessionWithUser(ctx.db, sha256(token));
	if (!row || row.user.disabled) return null;
	let expiresAt = row.session.expiresAt;
	const renewed = expiresAt.getTime() - Date.now() < (sessionDays * DAY) / 2;
	if (renewed) {
		expiresAt = new Date(Date.now() + sessionDays * DAY);
		await q.extendSession(ctx.db, row.session.id, expiresAt);
	}
	return { actor: userActor(row.user), user: userToView(row.user), expiresAt, renewed };
}

export async function logout(ctx: Ctx, token: string): Promise<void> {
	await q.deleteSession(ctx.db, sha256(token));
}

export async function actorFromToken(ctx: Ctx, token: string): Promise<Actor | null> {
	const hash = sha256(token);
	const cached = ctx.tokens.get(hash);
	if (cached) return cached;
	const row = await q.activeTokenByHash(ctx.db, hash);
	if (!row) return null;
	// "Last used" to the minute is enough: scripts pushing progress many times a second must not write each time.
	// Best effort: a failed stamp must not fail the request it belongs to.
	if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000)
		q.touchToken(ctx.db, row.id).catch(() => {});
	const actor: Actor = {
		kind: 'token',
		id: row.id,
		name: `token ${row.name}`,
		role: row.role as Role,
		username: null,
		team: null,
		cutoverId: row.cutoverId
	};
	ctx.tokens.set(hash, actor);
	return actor;
}

export interface TokenView {
	id: string;
	name: string;
	role: Role;
	cutoverSlug: string | null;
	createdAt: string;
	lastUsedAt: string | null;
	revokedAt: string | null;
}

/** Creates an API token; the secret is returned once and never stored. */
export async function createToken(
	ctx: Ctx,
	actor: Actor,
	input: TokenCreateInput
): Promise<{ token: string; view: TokenView }> {
	if (actor.kind !== 'system') require(actor, 'users.manage', 'create API tokens');
	let cutoverId: string | null = null;
	if (input.cutoverSlug) {
		cutoverId = (await q.cutoverIdBySlug(ctx.db, input.cutoverSlug)) ?? null;
		if (!cutoverId)
			throw new ValidationError({
				reason: 'errors.tokenCutoverNotFound',
				params: { slug: input.cutoverSlug }
			});
	}
	const token = `glv_${secret()}`;
	const row = await q.insertToken(ctx.db, {
		name: input.name,
		role: input.role,
		cutoverId,
		tokenHash: sha256(token),
		createdBy: actor.kind === 'user' ? actor.id : null
	});
	return {
		token,
		view: {
			id: row.id,
			name: row.name,
			role: row.role as Role,
			cutoverSlug: input.cutoverSlug,
			createdAt: row.createdAt.toISOString(),
			lastUsedAt: null,
			revokedAt: null
		}
	};
}

export async function listTokens(ctx: Ctx, actor: Actor): Promise<TokenView[]> {
	require(actor, 'users.manage', 'manage API tokens');
	return (await q.listTokens(ctx.db)).map(({ token: t, cutoverSlug }) => ({
		id: t.id,
		name: t.name,
		role: t.role as Role,
		cutoverSlug,
		createdAt: t.createdAt.toISOString(),
		lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
		revokedAt: t.revokedAt?.toISOString() ?? null
	}));
}

export async function revokeToken(ctx: Ctx, actor: Actor, id: string): Promise<void> {
	require(actor, 'users.manage', 'manage API tokens');
	if (!(await q.revokeToken(ctx.db, id))) throw new NotFoundError({ reason: 'errors.tokenNotFound' });
	ctx.tokens.clear();
}

/** Adds a user from the CLI, where the operator at the machine acts as the system, or one of the sample's people. */
export async function createUserAsSystem(
	ctx: Ctx,
	input: UserCreateInput,
	options: { sample?: boolean } = {}
): Promise<UserView> {
	return insertUser(ctx, input, options.sample);
}
