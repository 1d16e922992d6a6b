/**
 * The socket.io server: one per process, attached to whichever http server serves the app (Vite dev, Vite
 * preview, or the production entry). Authenticates once per connection, checks origins, and fans committed
 * events out to cutover rooms. No domain rules live here.
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import {
	SESSION_COOKIE,
	cutoverRoom,
	type ClientToServerEvents,
	type ServerToClientEvents
} from '../../shared/realtime';
import type { App } from '../app';
import { actorFromSession, actorFromToken } from '../auth/auth.service';
import { env, wsDeflate } from '../env';
import { registerCutoverHandlers, type GoliveSocket } from './cutover.handlers';
import { SnapshotCache } from './snapshot-cache';

export type GoliveIo = Server<ClientToServerEvents, ServerToClientEvents, object, GoliveSocket['data']>;

const KEY = Symbol.for('golive.realtime');
interface Attached {
	httpServer: HttpServer;
	io: GoliveIo;
	snapshots: SnapshotCache;
	detach: () => void;
}
type Holder = { [KEY]?: Attached };

export function cookieValue(header: string | undefined, name: string): string | undefined {
	for (const part of (header ?? '').split(';')) {
		const eq = part.indexOf('=');
		if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
	}
	return undefined;
}

/** Browsers send Origin; it must be this host or the configured ORIGIN. Non-browser clients send none. */
export function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
	const origin = req.headers.origin;
	if (!origin) return true;
	try {
		const host = new URL(origin).host;
		return host === req.headers.host || allowed.includes(origin);
	} catch {
		return false;
	}
}

export function attachRealtime(httpServer: HttpServer, app: App): Attached {
	const holder = globalThis as Holder;
	const previous = holder[KEY];
	if (previous?.httpServer === httpServer) return previous;
	// Vite makes a new http server on restart before closing the old one: replace the old io.
	previous?.detach();

	const origin = env().ORIGIN;
	const allowedOrigins = origin ? [origin] : [];
	const io: GoliveIo = new Server(httpServer, {
		serveClient: false,
		// Per-message deflate costs a compressor per connection (memory and CPU); see BENCHMARKS.md.
		perMessageDeflate: wsDeflate(env().GOLIVE_WS_DEFLATE),
		maxHttpBufferSize: 100_000,
		allowRequest: (req, done) =>
			done(
				originAllowed(req, allowedOrigins) ? null : 'origin not allowed',
				originAllowed(req, allowedOrigins)
			)
	});
	const snapshots = new SnapshotCache();

	io.use(async (socket, next) => {
		try {
			const e = env();
			const token =
				typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : undefined;
			const cookie = cookieValue(socket.handshake.headers.cookie, SESSION_COOKIE);
			const actor = token
				? await actorFromToken(app, token)
				: cookie
					? (await actorFromSession(app, cookie, e.SESSION_DAYS))?.actor
					: null;
			if (!actor) return next(new Error('unauthenticated'));
			socket.data.actor = actor;
			next();
		} catch (err) {
			console.error('socket authentication failed', err);
			next(new Error('unauthenticated'));
		}
	});

	io.on('connection', (socket) => registerCutoverHandlers(io, socket, app, snapshots));

	const unsubscribe = app.bus.subscribe((cutoverId, event) => {
		snapshots.noteSeq(cutoverId, event.seq);
		io.to(cutoverRoom(cutoverId)).emit('cutover:event', event);
	});

	const attached: Attached = {
		httpServer,
		io,
		snapshots,
		detach: () => {
			unsubscribe();
			void io.close();
			if (holder[KEY] === attached) delete holder[KEY];
		}
	};
	holder[KEY] = attached;
	return attached;
}

export function currentRealtime(): Attached | undefined {
	return (globalThis as Holder)[KEY];
}
