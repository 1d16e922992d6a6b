/** ISO 8601 weeks (Monday first; week 1 holds the year's first Thursday), as a programme's snapshots name them. */
import { instantToWallTime } from '../time';

/** The ISO week of a calendar day ("2026-12-05" → "2026-W49"). */
export function isoWeekOfDay(day: string): string {
	const [y, m, d] = day.split('-').map(Number);
	const date = new Date(Date.UTC(y, m - 1, d));
	const weekday = (date.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
	// The Thursday of the same week decides its year.
	date.setUTCDate(date.getUTCDate() - weekday + 3);
	const year = date.getUTCFullYear();
	const firstThursday = new Date(Date.UTC(year, 0, 4));
	firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
	const week = 1 + Math.round((date.getTime() - firstThursday.getTime()) / (7 * 86_400_000));
	return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The ISO week an instant falls in, on the calendar of `zone`. */
export const isoWeek = (instant: number, zone: string): string =>
	isoWeekOfDay(instantToWallTime(instant, zone).slice(0, 10));
