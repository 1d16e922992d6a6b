/**
 * Who a socket acts for, checked at every act: the handshake resolves its session cookie or token, every command
 * resolves it again (through the credential cache, which every access change clears on every instance), and a
 * change to someone's access re-checks their open sockets at once: ended access disconnects them, changed rights
 * take effect for the next command and tell the page to reload what it shows.
 */
import type { Socket } from 'socket.io';
import {
	SESSION_COOKIE,
	WALL_COOKIE,
	type ClientToServerEvents,
	type ServerToClientEvents
} from '../../shared/realtime';
import { mayRead } from '../../shared/roles';
import { concerns, type AccessChange, type CredentialOwner } from '../auth/access-change';
import type { Actor } from '../auth/actor';
import {
	actorFromToken,
	resolveCredential,
	sessionCredential,
	tokenCredential,
	type Credential
} from '../auth/auth.service';
import type { ResolvedCredential } from '../auth/credential-cache';
import type { Ctx } from '../context';
import { DomainError, UnauthenticatedError } from '../errors';
import { addressFrom } from '../http/client-address';
import { cookieValue } from '../http/session-cookie';
import { log } from '../observability/log';

export interface SocketAccess {
	actor: Actor;
	credential: Credential;
	owner: CredentialOwner;
	/** When the session ends by itself (tokens do not expire). */
	expiresAt: number | null;
	/** Bumped by each re-check, so a slow one never overwrites a newer one. */
	checks: number;
}

/** What the realtime layer keeps on each socket. */
export interface SocketData {
	access: SocketAccess;
}

type AccessSocket = Socket<ClientToServerEvents, ServerToClientEvents, object, SocketData>;

/** How often sockets whose session may have expired meanwhile are looked at. */
const EXPIRY_SWEEP_MS = 30_000;

const accessOf = (credential: Credential, found: ResolvedCredential): SocketAccess => ({
	actor: found.actor,
	credential,
	owner: { userId: found.userId, tokenId: found.tokenId, sessionId: found.sessionId },
	expiresAt: found.expiresAt?.getTime() ?? null,
	checks: 0
});

/** The handshake's middleware: a token (scripts) or the session cookie (browsers), or the connection is refused. */
export function authenticateSocket(ctx: Ctx) {
	return async (socket: AccessSocket, next: (err?: Error) => void): Promise<void> => {
		try {
			const auth = socket.handshake.auth as { token?: unknown } | undefined;
			const cookies = socket.handshake.headers.cookie;
			const cookie = cookieValue(cookies, SESSION_COOKIE);
			// A wall screen's token rides in its cookie; a session, when the browser has one too, comes first.
			const wallToken = cookie ? undefined : cookieValue(cookies, WALL_COOKIE);
			const token = typeof auth?.token === 'string' ? auth.token : wallToken;
			const credential = token ? tokenCredential(token) : cookie ? sessionCredential(cookie) : null;
			if (!credential) return next(new Error('unauthenticated'));
			if (token) {
				// Counts an unknown token against its address, as over HTTP.
				const address = addressFrom(socket.request.headers, socket.request.socket.remoteAddress);
				if (!(await actorFromToken(ctx, token, address))) return next(new Error('unauthenticated'));
			}
			const found = await resolveCredential(ctx, credential);
			if (!found) return next(new Error('unauthenticated'));
			// A feed-only token (metrics) pushes samples over HTTP and reads nothing: no board for it.
			if (!mayRead(found.actor.role)) return next(new Error('forbidden'));
			socket.data.access = accessOf(credential, found);
			next();
		} catch (err) {
			if (err instanceof DomainError) return next(new Error(err.code));
			// Not a verdict on the credential (the database is out of reach, say): the client tries again, and is
			// not sent to the sign-in page for it.
			log.error({ err }, 'socket authentication failed');
			next(new Error('unavailable'));
		}
	};
}

/**
 * The socket's actor as of now, for one command. A credential that no longer resolves ends the socket: the
 * command is refused and the client is told why before it is disconnected.
 */
export async function currentActor(ctx: Ctx, socket: AccessSocket): Promise<Actor> {
	const access = socket.data.access;
	const found = await resolveCredential(ctx, access.credential);
	if (!found) {
		endSocket(socket);
		throw new UnauthenticatedError({ reason: 'errors.sessionEnded' });
	}
	adopt(socket, found.actor);
	return found.actor;
}

/**
 * Takes on the rights a credential resolves to now, and tells the page when they changed. A command and a
 * re-check may both resolve after a change; whichever is first tells, the other finds nothing changed.
 */
function adopt(socket: AccessSocket, actor: Actor): void {
	const before = socket.data.access.actor;
	socket.data.access.actor = actor;
	if (before.role !== actor.role || before.team !== actor.team)
		socket.emit('access:changed', { role: actor.role });
}

function endSocket(socket: AccessSocket): void {
	if (socket.disconnected) return;
	socket.emit('access:ended', { reason: 'errors.sessionEnded' });
	socket.disconnect(true);
}

/** Re-checks sockets against the database, each distinct credential once; ends those that no longer resolve. */
async function recheck(ctx: Ctx, sockets: AccessSocket[]): Promise<void> {
	const byCredential = new Map<string, AccessSocket[]>();
	for (const socket of sockets) {
		socket.data.access.checks++;
		const { kind, hash } = socket.data.access.credential;
		const key = `${kind}:${hash}`;
		byCredential.set(key, [...(byCredential.get(key) ?? []), socket]);
	}
	await Promise.all(
		[...byCredential.values()].map(async (group) => {
			const checks = group.map((s) => s.data.access.checks);
			let found: ResolvedCredential | null;
			try {
				found = await resolveCredential(ctx, group[0].data.access.credential);
			} catch (err) {
				// The database is out of reach: the next change or sweep tries again; commands resolve on their own.
				log.error({ err }, 'socket access re-check failed');
				return;
			}
			group.forEach((socket, i) => {
				if (socket.data.access.checks !== checks[i]) return;
				if (!found) return endSocket(socket);
				const before = socket.data.access.actor;
				socket.data.access = {
					...accessOf(socket.data.access.credential, found),
					checks: checks[i],
					actor: before
				};
				adopt(socket, found.actor);
			});
		})
	);
}

/**
 * Follows access changes for the sockets of this instance: each change re-checks the sockets it concerns (all of
 * them after a lost notification connection), and a sweep ends sockets whose session expired. Returns a stop.
 */
export function watchSocketAccess(ctx: Ctx, sockets: () => Iterable<AccessSocket>): () => void {
	const onChange = (change: AccessChange) => {
		const concerned = [...sockets()].filter((s) => s.data.access && concerns(change, s.data.access.owner));
		if (concerned.length) void recheck(ctx, concerned);
	};
	const unsubscribe = ctx.access.subscribe(onChange);
	const sweep = setInterval(() => {
		const now = Date.now();
		const expired = [...sockets()].filter((s) => (s.data.access?.expiresAt ?? Infinity) <= now);
		if (expired.length) void recheck(ctx, expired);
	}, EXPIRY_SWEEP_MS);
	sweep.unref();
	return () => {
		unsubscribe();
		clearInterval(sweep);
	};
}
