import type { z } from 'zod';
import type { Ack } from '../../shared/realtime';
import { parse, toErrorResponse } from '../errors';
import { newRequestId } from '../observability/log';

/**
 * Wraps a socket command: validates the payload, runs it, and answers through the ack, mapping errors the same
 * way the HTTP API does (a refusal names the command's request id, as its log lines do). A command sent without an ack gets an error event instead; nothing ever throws.
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
			// A refusal names an id of its own, as its log line (if any) does.
			reply({ ok: false, error: toErrorResponse(err, newRequestId()).body.error });
		}
	};
}
