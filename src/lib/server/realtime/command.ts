import type { z } from 'zod';
import type { Ack } from '../../shared/realtime';
import { parse, toErrorResponse } from '../errors';
import { newRequestId } from '../observability/log';

/**
 * Wraps a socket command: validates the payload, runs it, and answers through the ack, mapping errors the same
 * way the HTTP API does (a refusal names an id of its own, as its log line does when it has one). A command sent
 * without an ack gets an error event instead; nothing ever throws.
 */
export function command<S extends z.ZodType, R>(
	name: string,
	schema: S,
	run: (input: z.output<S>) => Promise<R>,
	onMissingAck: (name: string) => void
) {
	return async (payload: unknown, ack?: unknown): Promise<void> => {
		if (typeof ack !== 'function') {
			onMissingAck(name);
			return;
		}
		const reply = ack as (res: Ack<R>) => void;
		try {
			reply({ ok: true, data: await run(parse(schema, payload)) });
		} catch (err) {
			reply({ ok: false, error: toErrorResponse(err, newRequestId()).body.error });
		}
	};
}
