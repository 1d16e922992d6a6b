/**
 * Date and time fields: an instant written as the clocks of a cutover's zone show it, in the UI's language and
 * always on a 24-hour clock ("4 Dec 2026, 20:00", "4.12.2026 klo 20.00", "2026-12-04 20:00"), and what people
 * type read back in that zone. The browser's locale plays no part (a `datetime-local` input would show AM/PM to
 * some and read its value in no stated zone), and text is written without Intl's date styles, so the server and
 * every browser write the same.
 */
import type { Locale } from './i18n/define';
import { instantToWallTime, wallTimeToInstant } from './time';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Month names by their first three letters, in English and Swedish ("Dec", "december", "maj", "okt."). */
const MONTH_BY_PREFIX = new Map<string, number>([
	...MONTHS.map((name, i) => [name.toLowerCase(), i + 1] as const),
	['maj', 5],
	['okt', 10]
]);

/** An instant as the clocks of `zone` show it, written the way the UI's language writes a date and a time. */
export function writeClockTime(instant: number, zone: string, locale: Locale): string {
	const wall = instantToWallTime(instant, zone);
	const [y, m, d, hh, mm] = [
		+wall.slice(0, 4),
		+wall.slice(5, 7),
		+wall.slice(8, 10),
		wall.slice(11, 13),
		wall.slice(14, 16)
	];
	if (locale === 'fi') return `${d}.${m}.${y} klo ${+hh}.${mm}`;
	if (locale === 'sv') return `${wall.slice(0, 10)} ${hh}:${mm}`;
	return `${d} ${MONTHS[m - 1]} ${y}, ${hh}:${mm}`;
}

/** How a date and time is written in the UI's language, as an example for a field's hint. */
export const clockTimeExample = (locale: Locale): string =>
	writeClockTime(Date.UTC(2026, 11, 4, 20), 'UTC', locale);

export type ClockTimeReading =
	| { instant: number }
	/** Not a date and a 24-hour time (or no such day, or an AM/PM time). */
	| { problem: 'format' }
	/** A time the clocks of the zone skip (the hour lost when daylight saving time begins). */
	| { problem: 'skipped' };

// A date, then the time after a space, a comma or a T, perhaps with "klo", "kl." or "at" before it.
const DATE_AND_TIME = /^(.+?)(?:\s*,\s*|\s+|T)(?:(?:klo|kl\.?|at)\s+)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?$/i;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DOTTED_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;
const DAY_MONTH_YEAR = /^(\d{1,2})\.?\s+(\p{L}+)\.?\s+(\d{4})$/u;
const MONTH_DAY_YEAR = /^(\p{L}+)\.?\s+(\d{1,2}),?\s+(\d{4})$/u;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/i;

const month = (name: string) => MONTH_BY_PREFIX.get(name.slice(0, 3).toLowerCase()) ?? 0;

/** Year, month and day of the date forms the three languages write, or null. */
function dateOf(text: string): [number, number, number] | null {
	let m = ISO_DATE.exec(text);
	if (m) return [+m[1], +m[2], +m[3]];
	if ((m = DOTTED_DATE.exec(text))) return [+m[3], +m[2], +m[1]];
	if ((m = DAY_MONTH_YEAR.exec(text))) return [+m[3], month(m[2]), +m[1]];
	if ((m = MONTH_DAY_YEAR.exec(text))) return [+m[3], month(m[1]), +m[2]];
	return null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Reads a date and a 24-hour time as any of the three languages writes it (and ISO 8601, with or without an
 * offset) as the clocks of `zone` show it. A time the clocks show twice is the first of the two.
 */
export function readClockTime(text: string, zone: string): ClockTimeReading {
	const typed = text.trim().replace(/\s+/g, ' ');
	if (WITH_OFFSET.test(typed)) {
		const instant = Date.parse(typed);
		return Number.isNaN(instant) ? { problem: 'format' } : { instant };
	}
	const parts = DATE_AND_TIME.exec(typed);
	const date = parts ? dateOf(parts[1]) : null;
	if (!parts || !date) return { problem: 'format' };
	const [year, monthNumber, day] = date;
	const [hour, minute, second] = [+parts[2], +parts[3], +(parts[4] ?? 0)];
	const daysInMonth = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
	if (monthNumber < 1 || monthNumber > 12 || day < 1 || day > daysInMonth) return { problem: 'format' };
	if (hour > 23 || minute > 59 || second > 59) return { problem: 'format' };
	const wall = `${year}-${pad(monthNumber)}-${pad(day)}T${pad(hour)}:${pad(minute)}`;
	const instant = wallTimeToInstant(`${wall}:${pad(second)}`, zone);
	if (instant === null) return { problem: 'format' };
	// A skipped time comes back from the clocks as another: refuse it rather than move it.
	return instantToWallTime(instant, zone) === wall ? { instant } : { problem: 'skipped' };
}
