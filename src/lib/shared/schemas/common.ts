import { z } from 'zod';
import { fieldMessage } from '../i18n/field-issues';
import { isValidTimeZone } from '../time';

/**
 * The instants the API takes: from 1970 to the end of 2999. Times computed from them (a chain of the longest
 * tasks, a forecast, an ETA) then stay far inside what PostgreSQL and JavaScript both write: PostgreSQL refuses
 * the year 0, and JavaScript writes a year past 9999 as "+010000-...", which PostgreSQL cannot read, so a window
 * ending in 9999 would break every forecast of its cutover.
 */
const EARLIEST_INSTANT = Date.UTC(1970, 0, 1);
const LATEST_INSTANT = Date.UTC(3000, 0, 1);

const inInstantRange = (ms: number) => ms >= EARLIEST_INSTANT && ms < LATEST_INSTANT;

/** ISO 8601 with an offset or Z, as the API promises, from 1970 to 2999; parsed to epoch ms. */
export const isoInstant = z
	.string()
	.datetime({
		offset: true,
		message: fieldMessage('isoInstant')
	})
	.transform((s) => Date.parse(s))
	.refine(inInstantRange, fieldMessage('instantRange'));

/** Epoch milliseconds (what monitoring systems send), in the range of isoInstant; rounded to a millisecond. */
export const epochInstant = z
	.number()
	.refine(inInstantRange, fieldMessage('instantRange'))
	.transform((ms) => Math.round(ms));

/** A record's id (a UUID), as forms and paths name users, tokens and criteria. */
export const recordId = z.string().uuid(fieldMessage('recordId'));

export const slug = z
	.string()
	.trim()
	.min(2, fieldMessage('minChars', { min: 2 }))
	.max(64, fieldMessage('maxChars', { max: 64 }))
	.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, fieldMessage('slugCharacters'));

export const timezone = z
	.string()
	.trim()
	.min(1)
	.max(64)
	.refine(isValidTimeZone, { message: fieldMessage('timeZone') });

/**
 * Control characters in user text: PostgreSQL refuses a NUL outright (a 500 instead of a 400), and the others
 * hide in what people read (a title that rewrites the terminal, a name that breaks a CSV line or a log).
 * Single-line text refuses every C0 control (tab and newline too), DEL and the Unicode line and paragraph
 * separators; multi-line text keeps newlines and tabs.
 */
export const CONTROL_CHARACTERS = fieldMessage('controlCharacters');
export const LINE_BREAKS_OR_CONTROL_CHARACTERS = fieldMessage('lineBreaks');

function hasControl(s: string, multiLine: boolean): boolean {
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c < 0x20) {
			if (multiLine && (c === 0x0a || c === 0x09)) continue;
			return true;
		}
		if (c === 0x7f || (!multiLine && (c === 0x2028 || c === 0x2029))) return true;
	}
	return false;
}

/** Whether text fits on one line: no C0 control, DEL or line or paragraph separator. */
export const isSingleLine = (s: string): boolean => !hasControl(s, false);
/** Whether multi-line text (already normalised) holds no control character but newline and tab. */
const isPlainText = (s: string): boolean => !hasControl(s, true);
/** Every line break as a newline: CRLF and lone CR (what browsers and Windows send), U+2028 and U+2029. */
const normaliseLineBreaks = (s: string) => s.replace(/\r\n?|[\u2028\u2029]/g, '\n');

const singleLine = (max: number) =>
	z
		.string()
		.trim()
		.max(max, fieldMessage('maxChars', { max }))
		.refine(isSingleLine, LINE_BREAKS_OR_CONTROL_CHARACTERS);
const multiLine = (max: number) =>
	z
		.string()
		.overwrite(normaliseLineBreaks)
		.trim()
		.max(max, fieldMessage('maxChars', { max }))
		.refine(isPlainText, CONTROL_CHARACTERS);

/** Single-line user text (names, titles, owners): trimmed, bounded, never empty, no control characters. */
export const line = (max: number) => singleLine(max).min(1, fieldMessage('required'));
export const optionalLine = (max: number) => singleLine(max).optional();
/** Multi-line user text (descriptions, notes, comments): line breaks normalised, newlines and tabs kept. */
export const text = (max: number) => multiLine(max).min(1, fieldMessage('required'));
export const optionalText = (max: number) => multiLine(max).optional();

/** The key of a task, a transfer stream or a metric: what scripts and files name it by within a cutover. */
export const entityKey = z
	.string()
	.trim()
	.min(1, fieldMessage('required'))
	.max(40, fieldMessage('maxChars', { max: 40 }))
	.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, fieldMessage('keyCharacters'));

/**
 * An e-mail address, lower-cased (people and imports write them in any case): one line, at most 254 characters
 * (RFC 5321), in the form a mail server takes.
 */
export const emailAddress = z
	.string()
	.trim()
	.toLowerCase()
	.max(254, fieldMessage('maxChars', { max: 254 }))
	.refine(isSingleLine, LINE_BREAKS_OR_CONTROL_CHARACTERS)
	.pipe(z.email(fieldMessage('email')));

export const pagination = z.object({
	limit: z.coerce.number().int().min(1).max(1000).default(200),
	cursor: z.string().max(200).refine(isSingleLine, LINE_BREAKS_OR_CONTROL_CHARACTERS).optional()
});
