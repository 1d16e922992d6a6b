/**
 * A service's own `/metrics` for the metric source tests: a real prom-client registry served over a real HTTP
 * port, with the metrics a launched service exports (requests by code, a latency summary, logged-in users). It
 * can stop answering (requests hang until the scraper gives up) and answer again.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Registry, Summary } from 'prom-client';

export interface TestExporter {
	url: string;
	requests: Counter<'code'>;
	users: Gauge;
	latency: Summary;
	/** false: requests are held unanswered (a hung service) until it answers again or stops. */
	answering: boolean;
	stop(): Promise<void>;
}

export async function startExporter(): Promise<TestExporter> {
	const registry = new Registry();
	const requests = new Counter({
		name: 'http_requests_total',
		help: 'Requests served, by status code.',
		labelNames: ['code'] as const,
		registers: [registry]
	});
	const users = new Gauge({
		name: 'app_logged_in_users',
		help: 'Users logged in now.',
		registers: [registry]
	});
	const latency = new Summary({
		name: 'http_request_duration_seconds',
		help: 'Response times.',
		percentiles: [0.5, 0.95],
		registers: [registry]
	});
	const held = new Set<ServerResponse>();
	const server = createServer((req: IncomingMessage, res: ServerResponse) => {
		if (!exporter.answering) {
			held.add(res);
			return;
		}
		void registry.metrics().then((body) => {
			res.writeHead(200, { 'content-type': registry.contentType });
			res.end(body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const exporter: TestExporter = {
		url: `http://127.0.0.1:${port}/metrics`,
		requests,
		users,
		latency,
		answering: true,
		stop: async () => {
			for (const res of held) res.destroy();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
	return exporter;
}
