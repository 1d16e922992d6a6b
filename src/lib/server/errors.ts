/**
 * Domain errors thrown by services, and the one mapping of any error to an HTTP answer or a socket ack. A refusal
 * a user can meet is thrown with a `reason` (a key of the `errors` messages) and its params; its English text is
 * the message, so API clients and logs read the same words as before and the UI can say it in its own language.
 */
import { z } from 'zod';
import {
	translator,
	type ErrorReason,
	type FieldIssue,
	type ReasonParams,
	type Refusal
} from '../shared/i18n';
import { fieldReason } from '../shared/i18n/field-issues';
import type { ErrorBody, ErrorCode } from '../shared/realtime';
import { log } from './observability/log';

const english = translator('en');

/** A refusal's English words: the message of an error thrown with it. */
export const englishText = (refusal: Refusal): string => english(refusal.reason, refusal.params);

export class DomainError extends Error {
	readonly reason?: ErrorReason;
	readonly params?: ReasonParams;

	constructor(
		readonly code: ErrorCode,
		readonly status: number,
		refusal: string | Refusal,
		readonly details?: unknown
	) {
		super(typeof refusal === 'string' ? refusal : englishText(refusal));
		if (typeof refusal !== 'string') {
			this.reason = refusal.reason;
			if (refusal.params) this.params = refusal.params;
		}
	}
}

export class ValidationError extends DomainError {
	constructor(refusal: string | Refusal, details?: unknown) {
		super('validation_failed', 400, refusal, details);
	}
}
export class UnauthenticatedError extends DomainError {
	constructor(refusal: string | Refusal = { reason: 'errors.signInFirst' }) {
		super('unauthenticated', 401, refusal);
	}
}
export class ForbiddenError extends DomainError {
	constructor(refusal: string | Refusal) {
		super('forbidden', 403, refusal);
	}
}
export class NotFoundError extends DomainError {
	constructor(refusal: string | Refusal) {
		super('not_found', 404, refusal);
	}
}
/** A write that lost a race or breaks a rule of the current state; `details` carries the current record. */
export class ConflictError extends DomainError {
	constructor(refusal: string | Refusal, details?: unknown) {
		super('conflict', 409, refusal, details);
	}
}
/**
 * Too many attempts (failed ones, or requests of a limited kind): try again after `retryAfterSeconds` (sent as
 * Retry-After). `reason` says which limit, with the minutes to wait as its param.
 */
export class RateLimitedError extends DomainError {
	constructor(
		readonly retryAfterSeconds: number,
		reason: 'errors.tooManyAttempts' | 'errors.tooManySubscribeRequests' = 'errors.tooManyAttempts'
	) {
		super(
			'rate_limited',
			429,
			{ reason, params: { minutes: String(Math.ceil(retryAfterSeconds / 60)) } },
			{ retryAfterSeconds }
		);
	}
}
export class PayloadTooLargeError extends DomainError {
	constructor(refusal: string | Refusal = { reason: 'errors.payloadTooLarge' }) {
		super('payload_too_large', 413, refusal);
	}
}

/** A method the path does not take (PUT on a cutover); `allowed` lists those it does, as the Allow header. */
export class MethodNotAllowedError extends DomainError {
	constructor(
		method: string,
		readonly allowed: string
	) {
		super('method_not_allowed', 405, { reason: 'errors.methodNotAllowed', params: { method, allowed } });
	}
}

/** The reason and params of an error, for an answer's body: none when it was thrown with words only. */
export function reasonOf(err: DomainError): Pick<ErrorBody, 'reason' | 'params'> {
	if (!err.reason) return {};
	return err.params ? { reason: err.reason, params: err.params } : { reason: err.reason };
}

/** Parses `input` with `schema` or throws a ValidationError whose message names every bad field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
	const result = schema.safeParse(input);
	if (result.success) return result.data;
	throw validationErrorFrom(result.error);
}

/**
 * A ValidationError naming every issue, in English, and listing them in `details` as `{ path, message }`, with the
 * issue's `reason` (a key of the `fields` messages) and `params` when it has one, so the UI can say it.
 */
export function validationErrorFrom(error: z.ZodError): ValidationError {
	const issues: FieldIssue[] = error.issues.map((i) => ({
		path: i.path.join('.'),
		message: i.message,
		...fieldReason(i)
	}));
	return issuesError(issues);
}

/** A ValidationError for issues found by hand (a form's own checks) and by a schema together. */
export function issuesError(issues: FieldIssue[]): ValidationError {
	const message = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
	return new ValidationError(message || 'invalid input', issues);
}

/** The database does not answer: nothing was changed, and the same request may be sent again shortly. */
export class DatabaseUnavailableError extends DomainError {
	constructor() {
		super('unavailable', 503, { reason: 'errors.databaseUnavailable' });
	}
}

/** How long a client should wait before it sends a refused write again while the database is away. */
const RETRY_AFTER_UNAVAILABLE_S = 5;

// Losing the connection (the driver's and Node's codes) or the server saying it cannot serve now (SQLSTATE
// classes 08 and 57P, and a database closed to connections).
const UNREACHABLE_CODES = new Set([
	'CONNECTION_CLOSED',
	'CONNECTION_ENDED',
	'CONNECTION_DESTROYED',
	'CONNECT_TIMEOUT',
	'ECONNREFUSED',
	'ECONNRESET',
	'ETIMEDOUT',
	'EPIPE',
	'57P01',
	'57P02',
	'57P03'
]);

/** The SQLSTATE of a database error, or of one it wraps (drizzle wraps the driver's). */
export function sqlStateOf(err: unknown): string | undefined {
	for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
		const code = (e as { code?: unknown }).code;
		if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
	}
	return undefined;
}

/** Whether an error (or one it wraps: drizzle wraps the driver's) says the database cannot be reached. */
export function databaseUnreachable(err: unknown): boolean {
	for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
		const code = (e as { code?: unknown }).code;
		if (typeof code !== 'string') continue;
		if (UNREACHABLE_CODES.has(code) || code.startsWith('08')) return true;
		if (code === '55000' && e.message.includes('not currently accepting connections')) return true;
	}
	return false;
}

/** Headers an error answer carries over HTTP: how long to wait, for a rate limit; what to ask instead, for a 405. */
export function errorHeaders(err: unknown): Record<string, string> {
	if (err instanceof RateLimitedError) return { 'Retry-After': String(err.retryAfterSeconds) };
	if (err instanceof MethodNotAllowedError) return { Allow: err.allowed };
	if (err instanceof DatabaseUnavailableError) return { 'Retry-After': String(RETRY_AFTER_UNAVAILABLE_S) };
	return {};
}

/**
 * Maps any thrown value to a status and a safe body, naming the request it answers when given; unexpected errors
 * are logged once with an id.
 */
export function toErrorResponse(
	err: unknown,
	requestId?: string
): {
	status: number;
	body: { error: ErrorBody };
	headers: Record<string, string>;
} {
	if (err instanceof DomainError) {
		const body: ErrorBody = { code: err.code, message: err.message, ...reasonOf(err) };
		if (err.details !== undefined) body.details = err.details;
		if (requestId) body.requestId = requestId;
		return { status: err.status, body: { error: body }, headers: errorHeaders(err) };
	}
	if (err instanceof z.ZodError) return toErrorResponse(validationErrorFrom(err), requestId);
	if (databaseUnreachable(err)) return toErrorResponse(new DatabaseUnavailableError(), requestId);
	const id = crypto.randomUUID().slice(0, 8);
	log.error({ err, errorId: id, reqId: requestId }, 'unexpected error');
	const body: ErrorBody = {
		code: 'internal',
		message: english('errors.internal', { id }),
		reason: 'errors.internal',
		params: { id }
	};
	if (requestId) body.requestId = requestId;
	return { status: 500, headers: {}, body: { error: body } };
}
