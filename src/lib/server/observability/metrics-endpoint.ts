/**
 * `GET /metrics` in Prometheus's text format, never public: on the main port only with
 * `Authorization: Bearer <GOLIVE_METRICS_TOKEN>` (unset: the path is not served there at all), and, when
 * GOLIVE_METRICS_PORT is set, without a token on a listener of its own bound to GOLIVE_METRICS_HOST (a private
 * address the scraper reaches and the public does not).
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { App } from '../app';
import { env } from '../env';
import { MethodNotAllowedError, UnauthenticatedError, toErrorResponse } from '../errors';
import { log, requestIdOf } from './log';
import { instrumentInstance, registry } from './metrics';

const PATH = '/metrics';
const isMetricsPath = (req: IncomingMessage) => req.url?.split('?')[0] === PATH;

function bearerMatches(header: string | undefined, token: string): boolean {
	const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '');
	const expected = Buffer.from(token);
	return given.length === expected.length && timingSafeEqual(given, expected);
}

async function sendMetrics(res: ServerResponse): Promise<void> {
	try {
		const text = await registry.metrics();
		res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' }).end(text);
	} catch (err) {
		log.error({ err }, 'collecting metrics failed');
		res.writeHead(500, { 'content-type': 'text/plain' }).end('collecting metrics failed\n');
	}
}

/** Wires the instance's gauges, and returns the main port's handler: true when it answered the request. */
export function metricsEndpoint(
	app: App,
	socketClients: () => number
): (req: IncomingMessage, res: ServerResponse) => boolean {
	instrumentInstance({
		socketClients,
		forecastLeaseHeld: () => app.forecastLease?.held ?? false,
		databaseConnections: () => app.database.connections()
	});
	const token = env().GOLIVE_METRICS_TOKEN;
	return (req, res) => {
		if (!token || !isMetricsPath(req)) return false;
		if (req.method !== 'GET' && req.method !== 'HEAD')
			refuse(req, res, new MethodNotAllowedError(req.method ?? '', 'GET, HEAD'));
		else if (!bearerMatches(req.headers.authorization, token))
			refuse(
				req,
				res,
				new UnauthenticatedError('send the metrics token: Authorization: Bearer <GOLIVE_METRICS_TOKEN>')
			);
		else void sendMetrics(res);
		return true;
	};
}

/** A refusal in the API's error shape. */
function refuse(req: IncomingMessage, res: ServerResponse, err: Error): void {
	const { status, body, headers } = toErrorResponse(err, requestIdOf(req.headers));
	res.writeHead(status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** The private listener (GOLIVE_METRICS_PORT), or null when none is configured. */
export function serveMetricsPrivately(): Server | null {
	const { GOLIVE_METRICS_PORT: port, GOLIVE_METRICS_HOST: host } = env();
	if (!port) return null;
	const server = createServer((req, res) => {
		if (isMetricsPath(req) && (req.method === 'GET' || req.method === 'HEAD')) void sendMetrics(res);
		else res.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics here\n');
	});
	server.listen(port, host, () => log.info(`metrics on http://${host}:${port}${PATH}`));
	return server;
}
