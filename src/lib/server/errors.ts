/** Domain errors thrown by services, and the one mapping of any error to an HTTP answer or a socket ack. */
import { z } from 'zod';
import type { ErrorBody, ErrorCode } from '../shared/realtime';

export class DomainError extends Error {
	constructor(
		readonly code: ErrorCode,
		readonly status: number,
		message: string,
		readonly details?: unknown
	) {
		super(message);
	}
}

export class ValidationError extends DomainError {
	constructor(message: string, details?: unknown) {
		super('validation_failed', 400, message, details);
	}
}
export class UnauthenticatedError extends DomainError {
	constructor(message = 'sign in first') {
		super('unauthenticated', 401, message);
	}
}
export class ForbiddenError extends DomainError {
	constructor(message: string) {
		super('forbidden', 403, message);
	}
}
export class NotFoundError extends DomainError {
	constructor(message: string) {
		super('not_found', 404, message);
	}
}
/** A write that lost a race or breaks a rule of the current state; `details` carries the current record. */
export class ConflictError extends DomainError {
	constructor(message: string, details?: unknown) {
		super('conflict', 409, message, details);
	}
}
export class PayloadTooLargeError extends DomainError {
	constructor(message = 'the request body is too large') {
		super('payload_too_large', 413, message);
	}
}

/** Parses `input` with `schema` or throws a ValidationError whose message names every bad field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
	const result = schema.safeParse(input);
	if (result.success) return result.data;
	throw validationErrorFrom(result.error);
}

export function validationErrorFrom(error: z.ZodError): ValidationError {
	const issues = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
	const message = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
	return new ValidationError(message || 'invalid input', issues);
}

/** Maps any thrown value to a status and a safe body; unexpected errors are logged once with an id. */
export function toErrorResponse(err: unknown): { status: number; body: { error: ErrorBody } } {
	if (err instanceof DomainError) {
		const body: ErrorBody = { code: err.code, message: err.message };
		if (err.details !== undefined) body.details = err.details;
		return { status: err.status, body: { error: body } };
	}
	if (err instanceof z.ZodError) return toErrorResponse(validationErrorFrom(err));
	const id = crypto.randomUUID().slice(0, 8);
	console.error(`[error ${id}]`, err);
	return {
		status: 500,
		body: { error: { code: 'internal', message: `something went wrong on the server (error id ${id})` } }
	};
}
