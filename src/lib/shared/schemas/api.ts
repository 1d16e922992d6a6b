/**
 * Wire shapes of the JSON API that are not records: path parameters, query strings, the idempotency key, and the
 * answers every area shares (errors, pages, the health check).
 */
import { z } from 'zod';
import { ERROR_REASONS, type ErrorReason } from '../i18n';
import { fieldMessage } from '../i18n/field-issues';
import { isSingleLine, LINE_BREAKS_OR_CONTROL_CHARACTERS, pagination, slug } from './common';
import { taskKey } from './runbook';

export const cutoverParams = z.object({ slug });
export const taskParams = z.object({ slug, key: taskKey });
/** Transfer keys follow the rules of task keys. */
export const transferParams = taskParams;
/** Metric keys follow the rules of task keys. */
export const metricParams = taskParams;

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
	.min(1, fieldMessage('required'))
	.max(200, fieldMessage('maxChars', { max: 200 }))
	.regex(/^[\x21-\x7e]+$/, fieldMessage('printableAscii'));

export const ERROR_CODES = [
	'validation_failed',
	'unauthenticated',
	'forbidden',
	'not_found',
	'conflict',
	'payload_too_large',
	'method_not_allowed',
	'rate_limited',
	'unavailable',
	'internal'
] as const;

/** What a refused request gets, over HTTP (as `{ error }`) and in a socket command's ack. */
export const errorBody = z.object({
	code: z.enum(ERROR_CODES),
	/** In English, for people reading the API's answers and the logs. */
	message: z
		.string()
		.meta({ description: 'What is wrong, naming the field (e.g. "windowEnd: must be after windowStart")' }),
	details: z.unknown().optional().meta({
		description:
			'For validation errors the list of { path, message, reason?, params? } (reason: a stable key of the field message, e.g. fields.required); for conflicts the current record'
	}),
	/** Why, as a stable key to say it in any language (the `errors` messages), with what fills it in. */
	reason: z
		.enum(ERROR_REASONS as [ErrorReason, ...ErrorReason[]])
		.optional()
		.meta({
			description:
				'Why, as a stable key (the message is its English text); absent for field-level validation messages'
		}),
	params: z
		.record(z.string(), z.union([z.string(), z.number()]))
		.optional()
		.meta({ description: 'The values named in the reason’s text (task keys, names, times)' }),
	requestId: z.string().optional().meta({
		description:
			'The id of the request (as in its x-request-id answer header): every log line of it carries it'
	})
});

/** Every error answer of the API. */
export const errorResponse = z.object({ error: errorBody });

/** One page of an ordered list; pass `nextCursor` back as `?cursor=` until it is null. */
export const pageOf = <T extends z.ZodType>(item: T) =>
	z.object({
		items: z.array(item),
		nextCursor: z
			.string()
			.nullable()
			.meta({ description: 'Pass as ?cursor= for the next page; null on the last page' })
	});

/** GET /api/health: the process is alive and answering. It does not depend on the database. */
export const health = z.object({
	status: z.literal('ok'),
	database: z.enum(['pglite', 'postgres']),
	version: z.string()
});

/** GET /api/ready: whether this instance should get traffic (503 when it should not, saying why). */
export const readiness = z.object({
	status: z.enum(['ready', 'not_ready']),
	checks: z.object({
		database: z
			.enum(['ok', 'unreachable'])
			.meta({ description: 'The database answered a ping within the last second' }),
		migrations: z
			.enum(['done'])
			.meta({ description: 'Migrations ran before the instance began to listen, so this is always done' }),
		draining: z
			.boolean()
			.meta({ description: 'The instance is stopping: it finishes its requests and exits' })
	}),
	version: z.string()
});

export type ListQuery = z.infer<typeof listQuery>;
export type EventsQuery = z.infer<typeof eventsQuery>;
export type ErrorCode = (typeof ERROR_CODES)[number];
export type ErrorBody = z.infer<typeof errorBody>;
