/**
 * Single sign-on with OpenID Connect: the authorization code flow with PKCE, state and nonce, through
 * openid-client, which validates the ID token (issuer, audience, expiry, signature by the provider's keys).
 * People are created on their first sign-in with the role their groups map to; a role or team changed at the
 * provider takes effect at their next sign-in (and on their open sockets at once); a disabled user stays out.
 */
import * as oidc from 'openid-client';
import { ROLES, type UserRole as Role } from '../../shared/roles';
import type { FailedSignInWhy } from '../../shared/schemas/audit';
import { username as usernameSchema } from '../../shared/schemas/auth';
import { recordAudit } from '../audit/audit.service';
import type { Ctx } from '../context';
import type { UserRow } from '../db/schema';
import { env } from '../env';
import { ForbiddenError, UnauthenticatedError } from '../errors';
import { changeAccess, startSession, type SignIn } from './auth.service';
import * as q from './auth.queries';

export interface SsoSettings {
	issuer: string;
	clientId: string;
	clientSecret: string;
	label: string;
	scopes: string;
	groupsClaim: string;
	roleMap: readonly (readonly [string, Role])[];
	teamMap: readonly (readonly [string, string])[];
	defaultRole: Role | undefined;
	linkExisting: boolean;
}

/** The configured identity provider, or null when single sign-on is off. */
export function ssoSettings(): SsoSettings | null {
	const e = env();
	if (!e.OIDC_ISSUER || !e.OIDC_CLIENT_ID || !e.OIDC_CLIENT_SECRET) return null;
	return {
		issuer: e.OIDC_ISSUER,
		clientId: e.OIDC_CLIENT_ID,
		clientSecret: e.OIDC_CLIENT_SECRET,
		label: e.OIDC_LABEL,
		scopes: e.OIDC_SCOPES,
		groupsClaim: e.OIDC_GROUPS_CLAIM,
		roleMap: e.OIDC_ROLE_MAP,
		teamMap: e.OIDC_TEAM_MAP,
		defaultRole: e.OIDC_DEFAULT_ROLE,
		linkExisting: e.OIDC_LINK_EXISTING
	};
}

let configuration: Promise<oidc.Configuration> | undefined;

/** The provider's metadata, discovered once (a failed discovery is tried again at the next sign-in). */
function providerConfiguration(settings: SsoSettings): Promise<oidc.Configuration> {
	configuration ??= (async () => {
		const issuer = new URL(settings.issuer);
		// Plain http only for a provider on this machine (development and tests); anywhere else it must be https.
		const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(issuer.hostname);
		return oidc.discovery(
			issuer,
			settings.clientId,
			settings.clientSecret,
			undefined,
			loopback ? { execute: [oidc.allowInsecureRequests] } : undefined
		);
	})().catch((err) => {
		configuration = undefined;
		throw err;
	});
	return configuration;
}

/** What the browser keeps between leaving for the provider and coming back (an httpOnly cookie). */
export interface PendingSignIn {
	state: string;
	nonce: string;
	verifier: string;
	next: string;
}

/** Where to send the browser to sign in, and what to remember until it comes back. */
export async function beginSsoSignIn(
	redirectUri: string,
	next: string
): Promise<{ url: URL; pending: PendingSignIn }> {
	const settings = requireSettings();
	const config = await providerConfiguration(settings);
	const pending: PendingSignIn = {
		state: oidc.randomState(),
		nonce: oidc.randomNonce(),
		verifier: oidc.randomPKCECodeVerifier(),
		next
	};
	const url = oidc.buildAuthorizationUrl(config, {
		redirect_uri: redirectUri,
		scope: settings.scopes,
		code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
		code_challenge_method: 'S256',
		state: pending.state,
		nonce: pending.nonce
	});
	return { url, pending };
}

function requireSettings(): SsoSettings {
	const settings = ssoSettings();
	if (!settings) throw new ForbiddenError({ reason: 'errors.ssoOff' });
	return settings;
}

/** The golive role of someone in these groups: the most powerful one any group maps to, else the default. */
export function roleFor(groups: readonly string[], settings: Pick<SsoSettings, 'roleMap' | 'defaultRole'>) {
	const mapped = settings.roleMap.filter(([group]) => groups.includes(group)).map(([, role]) => role);
	if (mapped.length === 0) return settings.defaultRole ?? null;
	return ROLES.find((role) => mapped.includes(role)) ?? null;
}

export function teamFor(groups: readonly string[], settings: Pick<SsoSettings, 'teamMap'>): string | null {
	return settings.teamMap.find(([group]) => groups.includes(group))?.[1] ?? null;
}

/** A claim's groups as a list of names (providers send an array, some a single string). */
export function groupsOf(claims: Record<string, unknown>, claim: string): string[] {
	const value = claims[claim];
	if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string');
	return typeof value === 'string' ? [value] : [];
}

/** A username for a new person: the provider's preferred username, or the e-mail's local part, made valid. */
export function usernameFrom(claims: Record<string, unknown>): string | null {
	for (const candidate of [claims.preferred_username, claims.email, claims.sub]) {
		if (typeof candidate !== 'string') continue;
		const local = candidate.includes('@') ? candidate.slice(0, candidate.indexOf('@')) : candidate;
		const cleaned = local
			.toLowerCase()
			.replace(/[^a-z0-9._-]+/g, '-')
			.replace(/^[^a-z0-9]+/, '')
			.slice(0, 40);
		const parsed = usernameSchema.safeParse(cleaned);
		if (parsed.success) return parsed.data;
	}
	return null;
}

/** A sign-in refused after the provider said who it was: why, for the audit log and the sign-in page. */
export class SsoRefused extends UnauthenticatedError {}

/**
 * Completes a sign-in from the provider's redirect back to us: checks the response (state, PKCE, nonce, the ID
 * token), maps the person's groups to a role and team, creates or updates them, and starts a session.
 */
export async function completeSsoSignIn(
	ctx: Ctx,
	callbackUrl: URL,
	pending: PendingSignIn,
	options: { sessionDays: number; address: string | null }
): Promise<SignIn> {
	const settings = requireSettings();
	const config = await providerConfiguration(settings);
	const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
		pkceCodeVerifier: pending.verifier,
		expectedState: pending.state,
		expectedNonce: pending.nonce,
		idTokenExpected: true
	});
	const idClaims = tokens.claims();
	if (!idClaims) throw new SsoRefused({ reason: 'errors.ssoFailed' });
	let claims: Record<string, unknown> = idClaims;
	// Many providers put groups only in the userinfo answer.
	if (!(settings.groupsClaim in claims) && tokens.access_token)
		claims = { ...(await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub)), ...idClaims };
	const refuse = async (why: FailedSignInWhy, reason: SsoRefused) => {
		await recordAudit(ctx.db, {
			kind: 'signin.failed',
			actor: null,
			subject: typeof claims.preferred_username === 'string' ? claims.preferred_username : idClaims.sub,
			address: options.address,
			detail: { via: 'sso', why }
		});
		return reason;
	};

	const groups = groupsOf(claims, settings.groupsClaim);
	const role = roleFor(groups, settings);
	if (!role) throw await refuse('no_role', new SsoRefused({ reason: 'errors.ssoNoRole' }));
	const team = teamFor(groups, settings);
	const displayName =
		(typeof claims.name === 'string' && claims.name.trim().slice(0, 80)) ||
		(typeof claims.preferred_username === 'string' && claims.preferred_username.slice(0, 80)) ||
		idClaims.sub.slice(0, 80);

	let user = await q.userBySubject(ctx.db, idClaims.iss, idClaims.sub);
	if (!user) {
		const username = usernameFrom(claims);
		if (!username) throw await refuse('no_username', new SsoRefused({ reason: 'errors.ssoNoUsername' }));
		const existing = await q.userByUsername(ctx.db, username);
		if (existing && (!settings.linkExisting || existing.oidcSubject !== null))
			throw await refuse(
				'username_taken',
				new SsoRefused({ reason: 'errors.ssoUsernameTaken', params: { username } })
			);
		user = existing
			? await linkUser(ctx, existing, idClaims.iss, idClaims.sub)
			: await createSsoUser(ctx, { username, displayName, role, team, iss: idClaims.iss, sub: idClaims.sub });
	}
	if (user.disabled) throw await refuse('disabled', new SsoRefused({ reason: 'errors.ssoDisabled' }));
	if (user.role !== role || user.team !== team || user.displayName !== displayName)
		user = await changeAccess(ctx, { userId: user.id }, async (tx) => {
			const row = await q.updateUser(tx, user!.id, { role, team, displayName });
			await recordAudit(tx, {
				kind: 'user.updated',
				actor: null,
				subject: row.username,
				detail: { via: 'sso', role: { from: user!.role, to: role }, team: { from: user!.team, to: team } }
			});
			return row;
		});
	return startSession(ctx, user, {
		sessionDays: options.sessionDays,
		via: 'sso',
		idToken: tokens.id_token ?? null,
		address: options.address
	});
}

async function createSsoUser(
	ctx: Ctx,
	v: { username: string; displayName: string; role: Role; team: string | null; iss: string; sub: string }
): Promise<UserRow> {
	return ctx.db.transaction(async (tx) => {
		const row = await q.insertUser(tx, {
			username: v.username,
			displayName: v.displayName,
			role: v.role,
			team: v.team,
			passwordHash: null,
			oidcIssuer: v.iss,
			oidcSubject: v.sub
		});
		await recordAudit(tx, {
			kind: 'user.created',
			actor: null,
			subject: row.username,
			detail: { via: 'sso', role: row.role, team: row.team }
		});
		return row;
	});
}

/** Links an existing local account to the provider: from now on it signs in there, and its password is gone. */
async function linkUser(ctx: Ctx, user: UserRow, iss: string, sub: string): Promise<UserRow> {
	return changeAccess(ctx, { userId: user.id }, async (tx) => {
		const row = await q.updateUser(tx, user.id, { oidcIssuer: iss, oidcSubject: sub, passwordHash: null });
		await recordAudit(tx, {
			kind: 'user.updated',
			actor: null,
			subject: user.username,
			detail: { linked: 'sso' }
		});
		return row;
	});
}

/**
 * What was wrong with a provider's answer that did not check out, for the log and the audit: the library's
 * message, its code, and which claim or parameter failed (never the values, which may be secrets).
 */
export function ssoFailureText(err: unknown): string {
	const parts: string[] = [];
	// The client library wraps the protocol library's error, which says which claim or parameter failed.
	for (let e = err, depth = 0; e && depth < 4; depth++) {
		if (!(e instanceof Error)) {
			if (typeof e === 'object' && typeof (e as { claim?: unknown }).claim === 'string')
				parts.push(`claim ${(e as { claim: string }).claim}`);
			break;
		}
		const x = e as Error & { code?: unknown; error?: unknown; error_description?: unknown };
		if (!parts.includes(x.message)) parts.push(x.message);
		if (typeof x.code === 'string') parts.push(x.code);
		if (typeof x.error === 'string')
			parts.push(typeof x.error_description === 'string' ? `${x.error}: ${x.error_description}` : x.error);
		e = x.cause;
	}
	return parts.join(' · ');
}

/** Where to end the session at the provider too, when it offers that (RP-initiated logout), or null. */
export async function ssoSignOutUrl(idToken: string, postLogoutRedirectUri: string): Promise<URL | null> {
	const settings = ssoSettings();
	if (!settings) return null;
	try {
		const config = await providerConfiguration(settings);
		if (!config.serverMetadata().end_session_endpoint) return null;
		return oidc.buildEndSessionUrl(config, {
			id_token_hint: idToken,
			post_logout_redirect_uri: postLogoutRedirectUri
		});
	} catch {
		// The provider is out of reach: the session here is ended all the same.
		return null;
	}
}
