/**
 * The socket.io server: one per process, attached to whichever http server serves the app (Vite dev, Vite
 * preview, or the production entry). Checks origins, authenticates each connection and follows its access (see
 * socket-access.ts), and fans committed events out to cutover rooms. No domain rules live here.
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { cutoverRoom, type ClientToServerEvents, type ServerToClientEvents } from '../../shared/realtime';
import type { App } from '../app';
import { env, wsDeflate } from '../env';
import { registerCutoverHandlers } from './cutover.handlers';
import type { SnapshotCache } from '../board/snapshot-cache';
import { authenticateSocket, watchSocketAccess, type SocketData } from './socket-access';
import { notePublished } from '../observability/metrics';
import { watchDatabase } from '../db/database-watch';

const databaseStatus = (reachable: boolean) => ({
	database: reachable ? ('reachable' as const) : ('unreachable' as const)
});

export type GoliveIo = Server<ClientToServerEvents, ServerToClientEvents, object, SocketData>;

interface Attached {
	httpServer: HttpServer;
	io: GoliveIo;
	snapshots: SnapshotCache;
	detach: () => void;
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

/** Attaches a socket.io server to `httpServer`, detached again when that server closes. */
export function attachRealtime(httpServer: HttpServer, app: App): Attached {
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

	io.use(authenticateSocket(app));
	const database = watchDatabase(app.db, (reachable) => io.emit('server:status', databaseStatus(reachable)));
	io.on('connection', (socket) => {
		registerCutoverHandlers(io, socket, app);
		socket.emit('server:status', databaseStatus(database.reachable()));
	});

	const unsubscribe = app.bus.subscribe((cutoverId, event) => {
		io.to(cutoverRoom(cutoverId)).emit('cutover:event', event);
		notePublished(event);
	});
	const unwatch = watchSocketAccess(app, () => io.of('/').sockets.values());

	let detached = false;
	const detach = () => {
		if (detached) return;
		detached = true;
		httpServer.off('close', detach);
		unsubscribe();
		unwatch();
		database.stop();
		void io.close();
	};
	// Vite's dev server makes a new http server (and io) on restart, then closes the old one: its io leaves the
	// app's bus with it.
	httpServer.on('close', detach);
	return { httpServer, io, snapshots: app.snapshots, detach };
}
