/**
 * The server's one logger: JSON lines on stdout (pino), each with the id of the request it was written for, so
 * every line of one request can be found again from the id its answer carried (`x-request-id`, and `requestId`
 * in an error's body). The id follows the request through every await (AsyncLocalStorage): code deep in a
 * service logs with `log` and gets it without being handed anything.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { env } from '../env';

interface RequestScope {
	requestId: string;
}

const scope = new AsyncLocalStorage<RequestScope>();

/** A request id a load balancer or client sent that is safe to echo and to log; anything else gets a new one. */
const PASSED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const REQUEST_ID_HEADER = 'x-request-id';

/** The id of the request (or socket command) being served, if any. */
export const currentRequestId = (): string | undefined => scope.getStore()?.requestId;

/** Runs `work` as the request `passedId` names (when it is a sane id) or as a new one; returns the id. */
export function inRequest<T>(passedId: string | string[] | undefined, work: (requestId: string) => T): T {
	const requestId = typeof passedId === 'string' && PASSED_ID.test(passedId) ? passedId : randomUUID();
	return scope.run({ requestId }, () => work(requestId));
}

export const log = pino({
	level: env().GOLIVE_LOG_LEVEL,
	timestamp: pino.stdTimeFunctions.isoTime,
	formatters: { level: (label) => ({ level: label }) },
	mixin() {
		const requestId = currentRequestId();
		return requestId ? { reqId: requestId } : {};
	}
});
