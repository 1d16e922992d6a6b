/** Time-zone helpers over Intl only: a cutover's times are shown in its own zone, with the zone named. */

export function isValidTimeZone(zone: string): boolean {
	try {
		new Intl.DateTimeFormat('en', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}

/**
 * The latest instant JavaScript writes with a four-digit year, as PostgreSQL reads it back. Past it, JavaScript
 * writes "+010000-..." (which PostgreSQL refuses), and past the year 275760 it writes nothing at all.
 */
export const LATEST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * A computed instant kept writable: an end that lies past the year 9999, or at no finite time (a stream at a rate
 * that will never finish it), is the latest instant.
 */
export const boundedInstant = (ms: number): number =>
	Number.isFinite(ms) && ms <= LATEST_INSTANT ? ms : LATEST_INSTANT;

/** A zone's clock, made once per zone: making one costs far more than using it (a chart asks at every draw). */
const clocks = new Map<string, Intl.DateTimeFormat>();
function clockIn(zone: string): Intl.DateTimeFormat {
	let clock = clocks.get(zone);
	if (!clock)
		clocks.set(
			zone,
			(clock = new Intl.DateTimeFormat('en-US', {
				timeZone: zone,
				hourCycle: 'h23',
				year: 'numeric',
				month: '2-digit',
				day: '2-digit',
				hour: '2-digit',
				minute: '2-digit',
				second: '2-digit'
			}))
		);
	return clock;
}

/** Offset of `zone` from UTC at `instant`, in ms (Helsinki in summer: +3 h). */
export function zoneOffset(instant: number, zone: string): number {
	const parts = clockIn(zone).formatToParts(instant);
	const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
	const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
	return asUtc - Math.floor(instant / 1000) * 1000;
}

const DAY = 86_400_000;

/**
 * A wall-clock time in `zone` ("2024-10-10T18:00" as read on a clock in Helsinki) to an instant. A time the clocks
 * show twice (the repeated hour when daylight saving time ends) is the first of the two, as iCalendar reads it; a
 * time they skip (when it begins) is read with the offset before the change, so it lands after the gap.
 */
export function wallTimeToInstant(wallTime: string, zone: string): number | null {
	const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(wallTime);
	if (!m) return null;
	const asUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0));
	// The offsets a day before and after: the same but for a day with a change, when each may fit.
	const before = zoneOffset(asUtc - DAY, zone);
	const fits = [before, zoneOffset(asUtc + DAY, zone)]
		.map((offset) => asUtc - offset)
		.filter((instant) => zoneOffset(instant, zone) === asUtc - instant);
	return fits.length ? Math.min(...fits) : asUtc - before;
}

/** An instant as a `datetime-local` value ("2024-10-10T18:00") in `zone`. */
export function instantToWallTime(instant: number, zone: string): string {
	return new Date(instant + zoneOffset(instant, zone)).toISOString().slice(0, 16);
}

/** An instant as an ISO 8601 string with the zone's offset, e.g. 2024-10-10T18:00:00+03:00. */
export function toZonedIso(instant: number, zone: string): string {
	const offset = zoneOffset(instant, zone);
	const local = new Date(instant + offset).toISOString().slice(0, 19);
	const sign = offset < 0 ? '-' : '+';
	const abs = Math.abs(offset) / 60_000;
	const hh = String(Math.floor(abs / 60)).padStart(2, '0');
	const mm = String(abs % 60).padStart(2, '0');
	return `${local}${sign}${hh}:${mm}`;
}

/** A signed duration in minutes as "2 h 05 min" / "-45 min". */
export function formatDuration(minutes: number): string {
	const sign = minutes < 0 ? '-' : '';
	const m = Math.round(Math.abs(minutes));
	const d = Math.floor(m / 1440);
	const h = Math.floor((m % 1440) / 60);
	const min = m % 60;
	if (d > 0) return `${sign}${d} d ${h} h ${String(min).padStart(2, '0')} min`;
	if (h > 0) return `${sign}${h} h ${String(min).padStart(2, '0')} min`;
	return `${sign}${min} min`;
}
