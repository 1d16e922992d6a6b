/**
 * Attaches the same realtime server and the API to Vite's dev and preview servers, so
 * `npm run dev` and `vite preview` behave exactly as production. The app (database, bus) is shared through
 * globalThis.
 */
import type { Server as HttpServer } from 'node:http';
import type { Connect, Plugin } from 'vite';
import { getApp } from '../app';
import { apiServer, isApiPath } from '../http/api-server';
import { statusServer } from '../status/status-server';
import { progressServer } from '../progress/progress-server';
import { oneClickUnsubscribe } from '../subscriptions/one-click';
import { attachRealtime } from './realtime.server';
import { REQUEST_ID_HEADER, assignRequestId, log } from '../observability/log';

async function attach(httpServer: HttpServer | null | undefined) {
	if (!httpServer) return;
	attachRealtime(httpServer, await getApp());
}

let api: ReturnType<typeof apiServer> | undefined;
let status: ReturnType<typeof statusServer> | undefined;
let progress: ReturnType<typeof progressServer> | undefined;
let oneClick: ReturnType<typeof oneClickUnsubscribe> | undefined;
// API calls run as a request with its id, as in production (pages in dev do not get one). The status page
// comes first, as in production: it serves Statuspage's /api/v2 documents.
const serveApi: Connect.NextHandleFunction = (req, res, next) =>
	getApp().then(
		(app) => {
			if ((status ??= statusServer(app.status))(req, res)) return;
			if ((progress ??= progressServer(app.progressViews))(req, res)) return;
			if ((oneClick ??= oneClickUnsubscribe(app))(req, res)) return;
			if (!isApiPath(req.url)) return next();
			res.setHeader(REQUEST_ID_HEADER, assignRequestId(req.headers));
			(api ??= apiServer(app))(req, res);
		},
		(err) => next(err)
	);

export function goliveRealtime(): Plugin {
	return {
		name: 'golive-realtime',
		configureServer(server) {
			server.middlewares.use(serveApi);
			attach(server.httpServer as HttpServer | null).catch((err) =>
				log.error({ err }, 'realtime failed to start')
			);
		},
		configurePreviewServer(server) {
			server.middlewares.use(serveApi);
			attach(server.httpServer as HttpServer).catch((err) => log.error({ err }, 'realtime failed to start'));
		}
	};
}
