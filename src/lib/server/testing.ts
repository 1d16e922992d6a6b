/** Helpers for the server's tests. */
import type { DomainError } from './errors';

/** Awaits a promise that must reject, and returns its error. */
export async function rejection(promise: Promise<unknown>): Promise<DomainError> {
	try {
		await promise;
	} catch (err) {
		return err as DomainError;
	}
	throw new Error('expected the call to be refused, but it succeeded');
}
