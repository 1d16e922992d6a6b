import type { IncomingMessage, ServerResponse } from 'node:http';
import { log } from './log';
import { httpRequests, httpSeconds } from './metrics';

/**
 * When the answer has gone out: counts it, times it, and logs it: a failure (5xx) as an error, a refusal (4xx)
 * as info, the rest at debug (the load balancer keeps the access log; ours would be 200 lines a second).
 */
export function logWhenAnswered(req: IncomingMessage, res: ServerResponse, reqId: string): void {
	const started = performance.now();
	res.once('finish', () => {
		const seconds = (performance.now() - started) / 1000;
		const method = req.method ?? 'GET';
		const status = res.statusCode;
		httpRequests.inc({ method, code: status });
		httpSeconds.observe({ method }, seconds);
		const level = status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug';
		if (!log.isLevelEnabled(level)) return;
		const path = req.url?.split('?')[0];
		log[level]({ reqId, method, path, status, ms: Math.round(seconds * 10_000) / 10 }, 'answered');
	});
}
