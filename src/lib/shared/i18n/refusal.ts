/**
 * Refusals in the user's language. The server answers a refused request with an English `message` and, where it
 * has one, a `reason` (a key of the `errors` messages) with `params`; the UI says the reason in its language and
 * falls back to the message when there is none (zod's field messages, an older server's unknown reason).
 */
import type { ErrorReason, Translate } from './index';
import { errors } from './messages/errors';

export type ReasonParams = Record<string, string | number>;

/** Why something was refused, without the words: what a service throws and an error answer carries. */
export interface Refusal {
	reason: ErrorReason;
	params?: ReasonParams;
}

/** A refusal as the UI receives it: an error answer's body, a form action's failure. */
export interface RefusalMessage {
	message: string;
	reason?: ErrorReason;
	params?: ReasonParams;
}

/** Every reason the server may give, in the order of the `errors` messages. */
export const ERROR_REASONS = Object.keys(errors.en).map((key) => `errors.${key}` as ErrorReason);
const KNOWN = new Set<string>(ERROR_REASONS);

export function isErrorReason(value: unknown): value is ErrorReason {
	return typeof value === 'string' && KNOWN.has(value);
}

/** The text to show for a refusal: its reason translated, else its message. */
export function refusalText(t: Translate, refusal: RefusalMessage): string {
	return isErrorReason(refusal.reason) ? t(refusal.reason, refusal.params) : refusal.message;
}
