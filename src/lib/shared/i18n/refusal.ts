/**
 * Refusals in the user's language. The server answers a refused request with an English `message` and, where it
 * has one, a `reason` (a key of the `errors` messages) with `params`; the UI says the reason in its language and
 * falls back to the message when there is none (an older server's unknown reason). A validation failure lists its
 * issues, one per bad field, each the same way: the English message and a `reason` of the `fields` messages.
 */
import type { ErrorReason, FieldReason, Translate } from './index';
import { errors } from './messages/errors';
import { fields } from './messages/fields';

export type ReasonParams = Record<string, string | number>;

/** Why something was refused, without the words: what a service throws and an error answer carries. */
export interface Refusal {
	reason: ErrorReason;
	params?: ReasonParams;
}

/** A refusal as the UI receives it: an error answer's body, a form action's failure, one field's issue. */
export interface RefusalMessage {
	message: string;
	reason?: ErrorReason | FieldReason;
	params?: ReasonParams;
}

/** What is wrong with one field: `path` names it ("title", "criteria.0.owner"); `line`, a line of an upload. */
export interface FieldIssue extends RefusalMessage {
	path: string;
	line?: number;
}

/** A form action's failure as a page reads it: the refusal, its issues by field, and what the user typed. */
export interface FormRefusal extends RefusalMessage {
	issues: FieldIssue[];
	values: Record<string, string>;
}

/** Every reason the server may give, in the order of the `errors` messages. */
export const ERROR_REASONS = Object.keys(errors.en).map((key) => `errors.${key}` as ErrorReason);
/** Every reason a field's issue may give, in the order of the `fields` messages. */
export const FIELD_REASONS = Object.keys(fields.en).map((key) => `fields.${key}` as FieldReason);
const KNOWN = new Set<string>(ERROR_REASONS);
const KNOWN_FIELD = new Set<string>(FIELD_REASONS);

export function isErrorReason(value: unknown): value is ErrorReason {
	return typeof value === 'string' && KNOWN.has(value);
}

/** The text to show for a refusal: its reason translated, else its message. */
export function refusalText(t: Translate, refusal: RefusalMessage): string {
	const { reason } = refusal;
	return isErrorReason(reason) || (typeof reason === 'string' && KNOWN_FIELD.has(reason))
		? t(reason, refusal.params)
		: refusal.message;
}

/**
 * A validation failure's issues as text per field, in the UI's language: keyed by the field's form name (the
 * first part of the path), several issues about one field joined.
 */
export function fieldErrorTexts(
	t: Translate,
	issues: readonly FieldIssue[] | null | undefined
): Record<string, string> {
	const texts: Record<string, string> = {};
	for (const issue of issues ?? []) {
		const name = issue.path.split('.')[0];
		if (!name) continue;
		const text = refusalText(t, issue);
		texts[name] = texts[name] ? `${texts[name]}; ${text}` : text;
	}
	return texts;
}
