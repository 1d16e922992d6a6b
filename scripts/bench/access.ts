/**
 * Access ended: how long after a revoke or a disable, made on another instance, the sockets it concerns are told
 * and closed, while a room full of other clients stays connected. The change is made by a second instance of
 * golive on the same PostgreSQL database (as the CLI or another server would), so the time includes its commit,
 * the NOTIFY and the serving instance's re-check of its sockets.
 */
import { io, type Socket } from 'socket.io-client';
import { createApp } from '../../src/lib/server/app';
import { systemActor } from '../../src/lib/server/auth/actor';
import {
	createToken,
	createUserAsSystem,
	login,
	revokeToken,
	updateUser
} from '../../src/lib/server/auth/auth.service';
import { SESSION_COOKIE } from '../../src/lib/shared/realtime';
import { userUpdateInput } from '../../src/lib/shared/schemas/auth';
import type { Fixture } from './fixture';
import { joinClients, startClients, stopClients, type RunningServer } from './servers';
import { summarize, type LatencySummary } from './stats';

export interface AccessEndedResult {
	/** Other clients connected and joined meanwhile. */
	others: number;
	revoked: LatencySummary & { samples: number; missed: number };
	disabled: LatencySummary & { samples: number; missed: number };
}

/** Longer than this is a miss: the promise is a second, and the cache's own backstop is 10 s. */
const GIVE_UP_MS = 5_000;

function openSocket(url: string, auth: { token?: string; cookie?: string }): Promise<Socket> {
	const socket = io(url, {
		transports: ['websocket'],
		forceNew: true,
		reconnection: false,
		auth: auth.token ? { token: auth.token } : {},
		extraHeaders: auth.cookie ? { cookie: auth.cookie } : {}
	});
	return new Promise((res, rej) => {
		socket.once('connect', () =>
			socket.emit('cutover:join', { slug: 'bench' }, (ack: { ok: boolean }) =>
				ack?.ok ? res(socket) : rej(new Error(`join refused: ${JSON.stringify(ack)}`))
			)
		);
		socket.once('connect_error', rej);
	});
}

/** Resolves with the ms from `t0` until the server tells the socket its access ended (or NaN on a miss). */
function endedAfter(socket: Socket, t0: () => number): Promise<number> {
	return new Promise((res) => {
		const timer = setTimeout(() => res(NaN), GIVE_UP_MS);
		const done = () => {
			clearTimeout(timer);
			res(performance.now() - t0());
		};
		socket.once('access:ended', done);
		socket.once('disconnect', done);
	});
}

export async function runAccessEnded(
	server: RunningServer,
	fixture: Fixture,
	o: { others: number; samples: number }
): Promise<AccessEndedResult> {
	const others = await startClients([server], o.others, { token: fixture.token });
	// The second instance: the same database, another process's connection pool.
	const elsewhere = await createApp({ url: fixture.env.DATABASE_URL });
	try {
		await joinClients(others);

		const actor = systemActor('benchmark');
		const revoked: number[] = [];
		for (let i = 0; i < o.samples; i++) {
			const { token, view } = await createToken(elsewhere, actor, {
				name: `access-${i}`,
				role: 'operator',
				cutoverSlug: null
			});
			const socket = await openSocket(server.url, { token });
			let t0 = 0;
			const ended = endedAfter(socket, () => t0);
			t0 = performance.now();
			await revokeToken(elsewhere, actor, view.id);
			revoked.push(await ended);
			socket.close();
		}

		const disabled: number[] = [];
		const password = 'benchmark-password-2';
		for (let i = 0; i < o.samples; i++) {
			const user = await createUserAsSystem(elsewhere, {
				username: `access-${i}`,
				displayName: `Access ${i}`,
				role: 'operator',
				team: null,
				password
			});
			const session = await login(elsewhere, `access-${i}`, password, 1);
			const socket = await openSocket(server.url, {
				cookie: `${SESSION_COOKIE}=${encodeURIComponent(session.token)}`
			});
			let t0 = 0;
			const ended = endedAfter(socket, () => t0);
			t0 = performance.now();
			await updateUser(elsewhere, actor, user.id, userUpdateInput.parse({ disabled: true }));
			disabled.push(await ended);
			socket.close();
		}
		const judged = (ms: number[]) => {
			const seen = ms.filter((m) => Number.isFinite(m));
			return { ...summarize(seen), samples: ms.length, missed: ms.length - seen.length };
		};
		return { others: o.others, revoked: judged(revoked), disabled: judged(disabled) };
	} finally {
		await elsewhere.close();
		await stopClients(others);
	}
}
