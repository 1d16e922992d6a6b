/**
 * Field messages for the schemas, and the way back from a zod issue to its key. A schema gives zod the English
 * text of a `fields` message (`fieldMessage('required')` is "is required"), so the API's words stay what they
 * were; `fieldReason` finds the key (and its params) again from the issue, so the UI can say it in its language.
 * zod's own complaints (no custom message) are named from the issue's code and limits.
 */
import type { z } from 'zod';
import type { FieldReason } from './index';
import { fields } from './messages/fields';
import type { FieldIssue, ReasonParams } from './refusal';

type FieldKey = keyof typeof fields.en;
const ENGLISH: Record<FieldKey, string> = fields.en;

/** The English text of a field message, as a schema gives it to zod; params are written as they are given. */
export function fieldMessage(key: FieldKey, params: Record<string, string | number> = {}): string {
	return ENGLISH[key].replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** An issue found by hand (not by a schema) on the field at `path`, with its English message and its key. */
export function fieldIssue(path: string, key: FieldKey, params?: ReasonParams): FieldIssue {
	const issue: FieldIssue = { path, message: fieldMessage(key, params), reason: `fields.${key}` };
	return params ? { ...issue, params } : issue;
}

const STATIC = new Map<string, FieldKey>();
const TEMPLATES: { key: FieldKey; pattern: RegExp; names: string[] }[] = [];
for (const key of Object.keys(ENGLISH) as FieldKey[]) {
	const text = ENGLISH[key];
	if (!text.includes('{')) {
		STATIC.set(text, key);
		continue;
	}
	// Plural messages are zod's complaints, said from the issue's code, never a schema's words.
	if (text.includes(', plural,')) continue;
	const names = [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
	const source = text
		.split(/\{\w+\}/)
		.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
		.join('(.+?)');
	TEMPLATES.push({ key, pattern: new RegExp(`^${source}$`), names });
}
// The most specific first: "must be at most {max} characters" before "must be at most {max}".
TEMPLATES.sort((a, b) => b.pattern.source.length - a.pattern.source.length);

/** A number written in a message ("4000", "100,000") as a number, so each language writes it its own way. */
const param = (text: string): string | number =>
	/^\d{1,3}(?:,\d{3})+$|^\d+$/.test(text) ? Number(text.replaceAll(',', '')) : text;

export interface FieldReasonOf {
	reason: FieldReason;
	params?: ReasonParams;
}

const of = (key: FieldKey, params?: ReasonParams): FieldReasonOf =>
	params ? { reason: `fields.${key}`, params } : { reason: `fields.${key}` };

/** The key of zod's own complaint, from its code and limits. */
function generic(issue: z.core.$ZodIssue): FieldReasonOf | null {
	switch (issue.code) {
		case 'too_small': {
			const min = Number(issue.minimum);
			if (issue.origin === 'string') return min <= 1 ? of('required') : of('minChars', { min });
			if (issue.origin === 'array' || issue.origin === 'set') return of('minItems', { min });
			return issue.inclusive === false ? of('moreThan', { min }) : of('atLeast', { min });
		}
		case 'too_big': {
			const max = Number(issue.maximum);
			if (issue.origin === 'string') return of('maxChars', { max });
			if (issue.origin === 'array' || issue.origin === 'set') return of('maxItems', { max });
			return issue.inclusive === false ? of('lessThan', { max }) : of('atMost', { max });
		}
		case 'invalid_type':
			// A field left out arrives as undefined; zod says so only in its message.
			if (/received undefined$/.test(issue.message)) return of('required');
			if (issue.expected === 'int') return of('wholeNumber');
			if (issue.expected === 'number') return of('number');
			return of('invalid');
		case 'invalid_value':
			return of('notAChoice');
		case 'unrecognized_keys':
			return of('unknownFields', { keys: issue.keys.join(', ') });
		case 'custom':
			// A rule's own words that are not a field message: the English message is all there is.
			return null;
		default:
			return of('invalid');
	}
}

/** The key and params of a zod issue's message, or null when it has words of its own that no message says. */
export function fieldReason(issue: z.core.$ZodIssue): FieldReasonOf | null {
	const exact = STATIC.get(issue.message);
	if (exact) return of(exact);
	for (const { key, pattern, names } of TEMPLATES) {
		const match = pattern.exec(issue.message);
		if (match) return of(key, Object.fromEntries(names.map((name, i) => [name, param(match[i + 1])])));
	}
	return generic(issue);
}
