/**
 * The server's one logger: JSON lines on stdout (pino). A line written for a request names it (`reqId`), the id
 * its answer carried in `x-request-id` and, for a refusal, in `error.requestId`, so every line of one request can
 * be found again from what its client saw. The id travels with the request (its header, set on arrival), not in
 * AsyncLocalStorage: on Node 20 that turns on promise hooks for the whole process, and measured, it cost the
 * cached reads more than half their throughput (BENCHMARKS.md).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { pino } from 'pino';
import { env } from '../env';

/** A request id a load balancer or client sent that is safe to echo and to log; anything else gets a new one. */
const PASSED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * Gives a request its id: the one it came with when that is sane, otherwise a new one, written back into its
 * headers so whatever reads the request later (the API, SvelteKit's hooks) finds the same id.
 */
export function assignRequestId(headers: IncomingHttpHeaders): string {
	const passed = headers[REQUEST_ID_HEADER];
	const requestId = typeof passed === 'string' && PASSED_ID.test(passed) ? passed : randomUUID();
	headers[REQUEST_ID_HEADER] = requestId;
	return requestId;
}

/** The id `assignRequestId` gave a request, read from its headers. */
export function requestIdOf(headers: IncomingHttpHeaders | Headers): string | undefined {
	const id = headers instanceof Headers ? headers.get(REQUEST_ID_HEADER) : headers[REQUEST_ID_HEADER];
	return typeof id === 'string' && PASSED_ID.test(id) ? id : undefined;
}

/** A new id, for what is not an HTTP request (a socket command). */
export const newRequestId = (): string => randomUUID();

export const log = pino({
	level: env().GOLIVE_LOG_LEVEL,
	timestamp: pino.stdTimeFunctions.isoTime,
	formatters: { level: (label) => ({ level: label }) }
});
