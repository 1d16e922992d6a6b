/**
 * Users, sessions and API tokens. Passwords are argon2id hashes; session and token secrets are random and only
 * their SHA-256 is stored, so the database never holds anything a thief could replay. Every change to someone's
 * access is written with its audit entry and announced to every instance in one transaction (access-change.ts),
 * so a disabled user, a demotion or a revoked token takes effect on open sockets and caches at once.
 */
import { hash as digest, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { can, readOnly, type Role, type UserRole } from '../../shared/roles';
import type { FailedSignInWhy } from '../../shared/schemas/audit';
import type { TokenCreateInput, UserCreateInput, UserUpdateInput, UserView } from '../../shared/schemas/auth';
import { recordAudit } from '../audit/audit.service';
import type { Ctx } from '../context';
import type { Tx } from '../db/client';
import type { UserRow } from '../db/schema';
import {
	ConflictError,
	ForbiddenError,
	NotFoundError,
	RateLimitedError,
	UnauthenticatedError,
	ValidationError
} from '../errors';
import { announceAccessChange, type AccessChange } from './access-change';
import { require, type Actor } from './actor';
import type { ResolvedCredential } from './credential-cache';
import { pairKey } from './throttle';
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
	role: u.role as UserRole,
	team: u.team,
	disabled: u.disabled,
	sample: u.sample,
	sso: u.oidcSubject !== null,
	createdAt: u.createdAt.toISOString()
});

export const userActor = (u: UserRow): Actor => ({
	kind: 'user',
	id: u.id,
	name: u.displayName,
	role: u.role as UserRole,
	username: u.username,
	team: u.team,
	cutoverId: null
});

/** The actor a user acts as, or null when there is no such user or they are disabled (the demo's steering group). */
export async function actorOfUsername(ctx: Ctx, username: string): Promise<Actor | null> {
	const row = await q.userByUsername(ctx.db, username);
	return row && !row.disabled ? userActor(row) : null;
}

export const hashPassword = (password: string) => hash(password);

/**
 * Writes a change to someone's access: the change itself, its audit entry and the announcement to every instance
 * commit together; this instance applies it at once, without waiting for its own notification.
 */
export async function changeAccess<T>(
	ctx: Ctx,
	change: AccessChange,
	write: (tx: Tx) => Promise<T>
): Promise<T> {
	const result = await ctx.db.transaction(async (tx) => {
		const out = await write(tx);
		await announceAccessChange(tx, change);
		return out;
	});
	ctx.access.apply(change);
	return result;
}

/** Setup is open until the install has a user (the sample's fictional people do not count). */
export async function needsSetup(ctx: Ctx): Promise<boolean> {
	return (await q.countUsers(ctx.db)) === 0;
}

async function insertUser(
	ctx: Ctx,
	actor: Actor | null,
	input: UserCreateInput,
	sample = false
): Promise<UserView> {
	if (await q.userByUsername(ctx.db, input.username))
		throw new ConflictError({ reason: 'errors.usernameTaken', params: { username: input.username } });
	const passwordHash = await hashPassword(input.password);
	const row = await ctx.db.transaction(async (tx) => {
		const row = await q.insertUser(tx, {
			username: input.username,
			displayName: input.displayName,
			role: input.role,
			team: input.team,
			passwordHash,
			sample
		});
		if (!sample)
			await recordAudit(tx, {
				kind: 'user.created',
				actor,
				subject: row.username,
				detail: { role: row.role, team: row.team }
			});
		return row;
	});
	return userToView(row);
}

/** The first admin, from the setup page; refused once the install has a user. */
export async function setupFirstAdmin(ctx: Ctx, input: Omit<UserCreateInput, 'role'>): Promise<UserView> {
	if (!(await needsSetup(ctx))) throw new ConflictError({ reason: 'errors.setupDone' });
	return insertUser(ctx, null, { ...input, role: 'admin' });
}

export async function createUser(ctx: Ctx, actor: Actor, input: UserCreateInput): Promise<UserView> {
	require(actor, 'users.manage', 'manage users');
	return insertUser(ctx, actor, input);
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
	// Nobody locks themselves out of managing users: the last admin could never be undone.
	if (user.id === actor.id && (input.disabled || (input.role && !can(input.role, 'users.manage'))))
		throw new ConflictError({ reason: 'errors.cannotDemoteSelf' });
	// Someone who signs in through the identity provider has no password here: one set here would outlive
	// their account there.
	if (input.password && user.oidcSubject !== null)
		throw new ConflictError({ reason: 'errors.ssoUserNoPassword', params: { username: user.username } });
	const passwordHash = input.password ? await hashPassword(input.password) : undefined;
	const row = await changeAccess(ctx, { userId: id }, async (tx) => {
		const row = await q.updateUser(tx, id, {
			displayName: input.displayName,
			role: input.role,
			team: input.team,
			disabled: input.disabled,
			passwordHash
		});
		// A new password or a disabled account ends every session: whoever held one must sign in again.
		if (input.disabled || passwordHash) await q.deleteUserSessions(tx, id);
		await recordAudit(tx, {
			kind: 'user.updated',
			actor,
			subject: user.username,
			detail: userChanges(user, row, passwordHash !== undefined)
		});
		return row;
	});
	return userToView(row);
}

/** What an update changed, for the audit log (never the password itself). */
function userChanges(before: UserRow, after: UserRow, password: boolean): Record<string, unknown> {
	const changes: Record<string, unknown> = {};
	for (const field of ['displayName', 'role', 'team', 'disabled'] as const)
		if (before[field] !== after[field]) changes[field] = { from: before[field], to: after[field] };
	if (password) changes.password = 'changed';
	return changes;
}

export async function listUsers(ctx: Ctx, actor: Actor): Promise<UserView[]> {
	require(actor, 'users.manage', 'manage users');
	return (await q.listUsers(ctx.db)).map(userToView);
}

/** Usernames whose password sign-in is locked now, from anywhere or from some address. */
export async function lockedUsernames(ctx: Ctx, actor: Actor): Promise<string[]> {
	require(actor, 'users.manage', 'manage users');
	return ctx.throttle.lockedUsernames();
}

/** Lifts the lock that failed sign-ins put on an account (an admin has spoken with its owner). */
export async function unlockUser(ctx: Ctx, actor: Actor, id: string): Promise<void> {
	require(actor, 'users.manage', 'manage users');
	const user = await q.userById(ctx.db, id);
	if (!user) throw new NotFoundError({ reason: 'errors.userNotFound' });
	await ctx.throttle.unlockAccount(user.username);
	await recordAudit(ctx.db, { kind: 'user.unlocked', actor, subject: user.username });
}

export interface SignIn {
	token: string;
	expiresAt: Date;
	user: UserView;
}

/** Starts a session for a user who has proven who they are (a password, or the identity provider). */
export async function startSession(
	ctx: Ctx,
	user: UserRow,
	options: { sessionDays: number; via: 'password' | 'sso'; idToken?: string | null; address: string | null }
): Promise<SignIn> {
	const token = secret();
	const expiresAt = new Date(Date.now() + options.sessionDays * DAY);
	await ctx.db.transaction(async (tx) => {
		await q.insertSession(tx, {
			id: sha256(token),
			userId: user.id,
			expiresAt,
			via: options.via,
			idToken: options.idToken ?? null
		});
		await recordAudit(tx, {
			kind: 'signin.succeeded',
			actor: userActor(user),
			subject: user.username,
			address: options.address,
			detail: { via: options.via }
		});
	});
	// Sign-ins are rare enough to carry the sweep of expired sessions, which would otherwise pile up.
	await q.deleteExpiredSessions(ctx.db);
	return { token, expiresAt, user: userToView(user) };
}

/**
 * Checks a password; returns a new session token (for the cookie) and its expiry. Failures count against the
 * account, the account from this address, and the address; while any of them is locked, the answer is a 429
 * that says the same for every account, existing or not, and the password is not even checked.
 */
export async function login(
	ctx: Ctx,
	username: string,
	password: string,
	sessionDays: number,
	address: string | null = null
): Promise<SignIn> {
	const place = address ?? 'local';
	const keys = {
		signInPair: pairKey(username, place),
		signInAccount: username,
		signInAddress: place
	};
	const blocked = await ctx.throttle.blocked(keys);
	if (blocked) throw new RateLimitedError(blocked.retryAfterSeconds);
	const user = await q.userByUsername(ctx.db, username);
	dummyHash ??= hashPassword('not a real password');
	const ok = await verify(user?.passwordHash ?? (await dummyHash), password).catch(() => false);
	if (!user || !user.passwordHash || !ok || user.disabled) {
		const locked = await ctx.throttle.failed(keys);
		await recordAudit(ctx.db, {
			kind: 'signin.failed',
			actor: null,
			subject: username,
			address,
			detail: { why: failedSignInWhy(user, ok) }
		});
		for (const lock of locked)
			await recordAudit(ctx.db, {
				kind: 'signin.locked',
				actor: null,
				subject: lock.scope === 'signInAddress' ? null : username,
				address,
				detail: { scope: lock.scope, minutes: Math.round(lock.retryAfterSeconds / 60) }
			});
		throw new UnauthenticatedError({ reason: 'errors.wrongCredentials' });
	}
	await ctx.throttle.reset('signInPair', keys.signInPair);
	return startSession(ctx, user, { sessionDays, via: 'password', address });
}

/** Why a password sign-in failed, for admins in the audit log (never told to whoever tried). */
function failedSignInWhy(user: UserRow | undefined, passwordRight: boolean): FailedSignInWhy {
	if (!user) return 'unknown_user';
	if (!user.passwordHash) return 'sso_only';
	if (!passwordRight) return 'wrong_password';
	return 'disabled';
}

/** A session's or token's secret as the server knows it: its kind and hash (sockets keep only this). */
export interface Credential {
	kind: 'session' | 'token';
	hash: string;
}

export const sessionCredential = (token: string): Credential => ({ kind: 'session', hash: sha256(token) });
export const tokenCredential = (token: string): Credential => ({ kind: 'token', hash: sha256(token) });
// A session's secret is no bearer token, nor the reverse: each kind is cached apart.
const cacheKey = (credential: Credential) => `${credential.kind}:${credential.hash}`;

/**
 * Who a credential stands for now, from the cache or the database; null once it was revoked, ended or expired,
 * or its user disabled. Every request and every socket command resolves its credential through here.
 */
export async function resolveCredential(
	ctx: Ctx,
	credential: Credential
): Promise<ResolvedCredential | null> {
	const cached = ctx.access.cache.get(cacheKey(credential));
	if (cached) return cached;
	const resolved =
		credential.kind === 'session'
			? await sessionFromDb(ctx, credential.hash)
			: await tokenFromDb(ctx, credential.hash);
	if (resolved) ctx.access.cache.set(cacheKey(credential), resolved);
	return resolved;
}

async function sessionFromDb(ctx: Ctx, hash: string): Promise<ResolvedCredential | null> {
	const row = await q.sessionWithUser(ctx.db, hash);
	if (!row || row.user.disabled) return null;
	return {
		actor: userActor(row.user),
		user: userToView(row.user),
		userId: row.user.id,
		tokenId: null,
		sessionId: row.session.id,
		expiresAt: row.session.expiresAt
	};
}

async function tokenFromDb(ctx: Ctx, hash: string): Promise<ResolvedCredential | null> {
	const row = await q.activeTokenByHash(ctx.db, hash);
	if (!row) return null;
	// "Last used" to the minute is enough: scripts pushing progress many times a second must not write each time.
	// Best effort: a failed stamp must not fail the request it belongs to.
	if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000)
		q.touchToken(ctx.db, row.id).catch(() => {});
	return {
		actor: {
			kind: 'token',
			id: row.id,
			name: `token ${row.name}`,
			role: row.role as Role,
			username: null,
			team: null,
			cutoverId: row.cutoverId
		},
		user: null,
		userId: null,
		tokenId: row.id,
		sessionId: null,
		expiresAt: null
	};
}

/** The user behind a session cookie, sliding the expiry forward when half of it has passed. */
export async function actorFromSession(
	ctx: Ctx,
	token: string,
	sessionDays: number
): Promise<{ actor: Actor; user: UserView; expiresAt: Date; renewed: boolean } | null> {
	const credential = sessionCredential(token);
	const found = await resolveCredential(ctx, credential);
	if (!found?.user || !found.expiresAt) return null;
	let expiresAt = found.expiresAt;
	const renewed = expiresAt.getTime() - Date.now() < (sessionDays * DAY) / 2;
	if (renewed) {
		expiresAt = new Date(Date.now() + sessionDays * DAY);
		await q.extendSession(ctx.db, credential.hash, expiresAt);
		ctx.access.cache.set(cacheKey(credential), { ...found, expiresAt });
	}
	return { actor: found.actor, user: found.user, expiresAt, renewed };
}

/** Ends a session; returns the identity provider's ID token when it began with single sign-on. */
export async function logout(ctx: Ctx, token: string): Promise<{ idToken: string | null }> {
	const id = sha256(token);
	return changeAccess(ctx, { sessionId: id }, async (tx) => {
		const ended = await q.deleteSession(tx, id);
		if (ended)
			await recordAudit(tx, { kind: 'session.ended', actor: null, subject: ended.username, detail: {} });
		return { idToken: ended?.idToken ?? null };
	});
}

/**
 * The actor of an API token, or null for an unknown or revoked one. Unknown tokens count against the address
 * they came from; once it is locked, unknown tokens from there get a 429 (good ones still pass: a neighbour's
 * misconfigured script must not stop everyone behind the same address).
 */
export async function actorFromToken(
	ctx: Ctx,
	token: string,
	address: string | null = null
): Promise<Actor | null> {
	const found = await resolveCredential(ctx, tokenCredential(token));
	if (found) return found.actor;
	const keys = { tokenAddress: address ?? 'local' };
	const blocked = await ctx.throttle.blocked(keys);
	if (blocked) throw new RateLimitedError(blocked.retryAfterSeconds);
	for (const lock of await ctx.throttle.failed(keys))
		await recordAudit(ctx.db, {
			kind: 'token.locked',
			actor: null,
			address,
			detail: { minutes: Math.round(lock.retryAfterSeconds / 60) }
		});
	return null;
}

/**
 * The actor of a wall screen's token: an active read-only (viewer) token, or null for an unknown or revoked one.
 * A token that may change things is refused: a wall's URL and cookie sit on a screen in a shared room.
 */
export async function actorFromWallToken(ctx: Ctx, token: string): Promise<Actor | null> {
	const actor = await actorFromToken(ctx, token);
	if (actor && !readOnly(actor.role)) throw new ForbiddenError({ reason: 'errors.wallTokenNotReadOnly' });
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
	const row = await ctx.db.transaction(async (tx) => {
		const row = await q.insertToken(tx, {
			name: input.name,
			role: input.role,
			cutoverId,
			tokenHash: sha256(token),
			createdBy: actor.kind === 'user' ? actor.id : null
		});
		await recordAudit(tx, {
			kind: 'token.created',
			actor,
			subject: row.name,
			detail: { id: row.id, role: row.role, cutover: input.cutoverSlug }
		});
		return row;
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
	await changeAccess(ctx, { tokenId: id }, async (tx) => {
		const row = await q.revokeToken(tx, id);
		if (!row) throw new NotFoundError({ reason: 'errors.tokenNotFound' });
		await recordAudit(tx, { kind: 'token.revoked', actor, subject: row.name, detail: { id } });
	});
}

/** Adds a user from the CLI, where the operator at the machine acts as the system, or one of the sample's people. */
export async function createUserAsSystem(
	ctx: Ctx,
	input: UserCreateInput,
	options: { sample?: boolean; actor?: Actor } = {}
): Promise<UserView> {
	return insertUser(ctx, options.actor ?? null, input, options.sample);
}
