/**
 * Production entry: one http server answering the API (http/api-server.ts) and SvelteKit's pages, with socket.io
 * attached to the same server, and a graceful shutdown that closes sockets and the database (PGlite must close
 * cleanly). Compiled with SvelteKit's server code, so both share one copy of every module; the build's entry
 * calls serve() (see server-build.js).
 */
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import compression from 'compression';
import type { TLSSocket } from 'node:tls';
import { getApp, closeApp } from './src/lib/server/app';
import { PROTOCOL_HEADER, applyAdapterEnv, env } from './src/lib/server/env';
import { answerClientError } from './src/lib/server/http/client-error';
import { apiServer } from './src/lib/server/http/api-server';
import { statusServer } from './src/lib/server/status/status-server';
import { progressServer } from './src/lib/server/progress/progress-server';
import { oneClickUnsubscribe } from './src/lib/server/subscriptions/one-click';
import { startBenchTrace } from './src/lib/server/diagnostics';
import { attachRealtime } from './src/lib/server/realtime/realtime.server';
import { startSimulator } from './src/lib/server/sample/simulator';
import { REQUEST_ID_HEADER, assignRequestId, log } from './src/lib/server/observability/log';
import { logWhenAnswered } from './src/lib/server/observability/access-log';
import { metricsEndpoint, serveMetricsPrivately } from './src/lib/server/observability/metrics-endpoint';

const e = env();
applyAdapterEnv();
// An instance that cannot open its database (or migrate it) says so in the log's own form and exits, so a
// supervisor restarts it (compose: restart unless-stopped).
const app = await getApp().catch((err: unknown) => {
	log.fatal({ err }, 'could not start: the database could not be opened or migrated');
	process.exit(1);
});
// SvelteKit's handler (adapter-node's build/handler.js), loaded by serve().
let handler: RequestListener;

// Evaluated at signal time, when `realtime` exists.
if (e.GOLIVE_BENCH_TRACE) startBenchTrace(app, () => ({ snapshotBuilds: realtime.snapshots.builds }));
const api = apiServer(app);
// The public status page and Statuspage's /api/v2 documents, from memory, before the API and the pages.
const status = statusServer(app.status);
// Programmes' public progress views, the same way.
const progress = progressServer(app.progressViews);
const oneClick = oneClickUnsubscribe(app);
// Pages go out compressed (br or gzip, as the client asks): a big board's page is megabytes of HTML. The API
// compresses its own reads; socket.io serves its own path before this.
const compress = compression({ threshold: 1024 }) as unknown as (
	req: IncomingMessage,
	res: ServerResponse,
	next: () => void
) => void;
const httpServer = createServer((req, res) => {
	// Stopping: each connection closes after its answer, so none is reused while the instance goes away.
	if (app.lifecycle.draining) res.setHeader('connection', 'close');
	// The public pages come first, before the per-request bookkeeping: at a launch they are most of the traffic,
	// the same bytes for everyone and logged by no one; they count their answers themselves.
	if (status(req, res) || progress(req, res)) return;
	// Every other request gets its id (the load balancer's, or a new one): its log lines and its answer carry it.
	const requestId = assignRequestId(req.headers);
	res.setHeader(REQUEST_ID_HEADER, requestId);
	logWhenAnswered(req, res, requestId);
	if (metrics(req, res) || api(req, res) || oneClick(req, res)) return;
	if (!e.ORIGIN) req.headers[PROTOCOL_HEADER] = (req.socket as TLSSocket).encrypted ? 'https' : 'http';
	compress(req, res, () => handler(req, res));
});
// What Node's HTTP parser refuses (e.g. a URL over its header limit) is answered in the API's error shape too.
httpServer.on('clientError', answerClientError);
const realtime = attachRealtime(httpServer, app);
const metrics = metricsEndpoint(app, () => realtime.io.engine.clientsCount);
const privateMetrics = serveMetricsPrivately();
const stopSimulator = e.GOLIVE_DEMO
	? await startSimulator(app, {
			speed: e.GOLIVE_DEMO_SPEED,
			from: e.GOLIVE_DEMO_FROM,
			// The demo cutover's forecasts wait while it catches up (this instance makes them: a demo runs alone).
			holdForecasts: (cutoverId) => app.forecasts?.hold(cutoverId)
		})
	: null;

/** Loads SvelteKit's handler (after applyAdapterEnv above: it reads its settings as it loads) and listens. */
export async function serve(loadHandler: () => Promise<{ handler: RequestListener }>): Promise<void> {
	({ handler } = await loadHandler());
	httpServer.listen(e.PORT, e.HOST, () => {
		const address = httpServer.address();
		const port = typeof address === 'object' && address ? address.port : e.PORT;
		log.info(`golive is running on http://localhost:${port} (database: ${app.dbKind})`);
	});
}

/** How long requests in flight may take to finish once the server stops accepting connections. */
const FINISH_MS = 6_000;
let stopping = false;

/**
 * Stops within 10 s without failing what is in flight. First readiness turns 503 (on SIGTERM, for
 * GOLIVE_DRAIN_NOTICE_MS, so the load balancer takes the instance out before anything is refused; Ctrl+C skips
 * it). Then the server stops accepting connections, idle keep-alive connections close, and requests in flight
 * finish (cut after FINISH_MS). Socket clients lose their transport, not a server disconnect, so each reconnects
 * by itself (through the load balancer, to another instance) and resyncs from its last seq.
 */
async function shutdown(signal: string) {
	if (stopping) return;
	stopping = true;
	app.lifecycle.draining = true;
	log.info(`${signal}: draining`);
	const force = setTimeout(() => process.exit(1), 10_000);
	force.unref();
	stopSimulator?.();
	if (signal === 'SIGTERM') await new Promise((r) => setTimeout(r, e.GOLIVE_DRAIN_NOTICE_MS));
	const cut = setTimeout(() => httpServer.closeAllConnections(), FINISH_MS);
	// A keep-alive connection whose request was under way goes idle when answered: close it then.
	const sweep = setInterval(() => httpServer.closeIdleConnections(), 100);
	// Closes every socket's transport, then the http server (resolving once its last connection has ended).
	await new Promise<void>((resolve) => realtime.io.close(() => resolve()));
	clearTimeout(cut);
	clearInterval(sweep);
	privateMetrics?.close();
	await closeApp();
	log.info(`${signal}: stopped`);
	process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
