/**
 * Production entry: one http server serving SvelteKit's handler, with socket.io attached to the same server,
 * and a graceful shutdown that closes sockets and the database (PGlite must close cleanly).
 */
import { createServer } from 'node:http';
import { getApp, closeApp } from './src/lib/server/app';
import { applyAdapterEnv, env } from './src/lib/server/env';
import { startBenchTrace } from './src/lib/server/diagnostics';
import { attachRealtime } from './src/lib/server/realtime/realtime.server';
import { startSimulator } from './src/lib/server/sample/simulator';

const e = env();
applyAdapterEnv();
const app = await getApp();
// @ts-expect-error the build output has no type declarations
const { handler } = await import('./build/handler.js');

// Evaluated at signal time, when `realtime` exists.
if (e.GOLIVE_BENCH_TRACE) startBenchTrace(app, () => ({ snapshotBuilds: realtime.snapshots.builds }));
const httpServer = createServer(handler);
const realtime = attachRealtime(httpServer, app);
const stopSimulator = e.GOLIVE_DEMO ? await startSimulator(app, { speed: e.GOLIVE_DEMO_SPEED }) : null;

httpServer.listen(e.PORT, e.HOST, () => {
	const address = httpServer.address();
	const port = typeof address === 'object' && address ? address.port : e.PORT;
	console.log(`golive is running on http://localhost:${port} (database: ${app.dbKind})`);
});

let stopping = false;
async function shutdown(signal: string) {
	if (stopping) return;
	stopping = true;
	console.log(`${signal}: shutting down`);
	stopSimulator?.();
	const force = setTimeout(() => process.exit(1), 10_000);
	force.unref();
	await new Promise<void>((resolve) => realtime.io.close(() => resolve()));
	await closeApp();
	process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
