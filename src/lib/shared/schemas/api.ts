/** Wire shapes of the JSON API that are not records: path parameters, query strings and the idempotency key. */
import { z } from 'zod';
import { isSingleLine, LINE_BREAKS_OR_CONTROL_CHARACTERS, pagination, slug } from './common';
import { taskKey } from './runbook';

export const cutoverParams = z.object({ slug });
export const taskParams = z.object({ slug, key: taskKey });
/** Transfer keys follow the rules of task keys. */
export const transferParams = taskParams;

/** `?limit=&cursor=` for ordered lists; the cursor is opaque and comes from a previous page's `nextCursor`. */
export const listQuery = pagination;

/** `?after=<seq>&limit=`: the event log after a sequence number, oldest first. */
export const eventsQuery = z.object({
	after: z.coerce.number().int('must be a whole number').min(0).default(0),
	limit: z.coerce.number().int('must be a whole number').min(1).max(1000).default(500)
});

const plainParam = z.string().refine(isSingleLine, LINE_BREAKS_OR_CONTROL_CHARACTERS);

/**
 * Every request's path parameters and query values (each name with all its values), checked before any page or
 * endpoint reads them: no slug, key, id or query value holds a control character, so none reaches the database
 * or a header. Each route still reads its own with its schemas (`cutoverParams`, `listQuery`...).
 */
export const requestParams = z.object({
	path: z.record(z.string(), plainParam),
	query: z.record(z.string(), z.array(plainParam))
});

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

export const idempotencyKey = z
	.string()
	.min(1, 'is required')
	.max(200, 'must be at most 200 characters')
	.regex(/^[\x21-\x7e]+$/, 'may contain printable ASCII characters without spaces');

export type ListQuery = z.infer<typeof listQuery>;
export type EventsQuery = z.infer<typeof eventsQuery>;
