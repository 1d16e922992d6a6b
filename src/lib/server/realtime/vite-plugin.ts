/**
 * Attaches the same realtime server to Vite's dev and preview servers, so socket.io works in `npm run dev` and
 * `vite preview` exactly as in production. The app (database, bus) is shared through globalThis.
 */
import type { Server as HttpServer } from 'node:http';
import type { Plugin } from 'vite';
import { getApp } from '../app';
import { attachRealtime } from './realtime.server';

async function attach(httpServer: HttpServer | null | undefined) {
	if (!httpServer) return;
	attachRealtime(httpServer, await getApp());
}

export function goliveRealtime(): Plugin {
	return {
		name: 'golive-realtime',
		configureServer(server) {
			attach(server.httpServer as HttpServer | null).catch((err) =>
				console.error('realtime failed to start', err)
			);
		},
		configurePreviewServer(server) {
			attach(server.httpServer as HttpServer).catch((err) => console.error('realtime failed to start', err));
		}
	};
}
