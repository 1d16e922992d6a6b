/** Refusals a test expects: the call must fail, and how. */
import { ValidationError, type DomainError } from '../errors';

/** Awaits a promise that must reject, and returns its error. */
export async function rejection(promise: Promise<unknown>): Promise<DomainError> {
	try {
		await promise;
	} catch (err) {
		return err as DomainError;
	}
	throw new Error('expected the call to be refused, but it succeeded');
}

/**
 * Runs a call whose input holds a control character: it must be refused at the schema (a ValidationError, a 400)
 * whose message names the field, before anything reaches the database.
 */
export async function refusedAtSchema(field: string, call: () => Promise<unknown>): Promise<DomainError> {
	const err = await rejection(Promise.resolve().then(call));
	if (
		!(err instanceof ValidationError) ||
		!err.message.includes(`${field}: must not contain control characters`)
	)
		throw new Error(`expected "${field}: must not contain control characters", got: ${String(err)}`, {
			cause: err
		});
	return err;
}
