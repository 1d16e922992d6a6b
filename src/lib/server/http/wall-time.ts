/**
 * A form's date and time fields: text as people type it (see shared/clock-time.ts), read as clock time in the
 * cutover's zone; the API and the services want an instant.
 */
import { readClockTime } from '../../shared/clock-time';
import type { FieldIssue } from '../../shared/i18n';
import { fieldIssue } from '../../shared/i18n/field-issues';
import { isValidTimeZone, toZonedIso } from '../../shared/time';
import { field } from './form';

/**
 * A date and time field as an ISO time with the zone's offset, for the schema; null when left empty. Text that is
 * no date and 24-hour time, or a time the zone's clocks skip, becomes an issue on the field (and undefined for
 * the schema). In a zone that does not exist it is passed on as it is: the schema names the zone.
 */
export function clockTimeField(
	issues: FieldIssue[],
	name: string,
	text: string,
	zone: string
): string | null | undefined {
	const typed = text.trim();
	if (typed === '') return null;
	if (!isValidTimeZone(zone)) return typed;
	const reading = readClockTime(typed, zone);
	if ('instant' in reading) return toZonedIso(reading.instant, zone);
	issues.push(
		reading.problem === 'skipped'
			? fieldIssue(name, 'clockTimeSkipped', { time: typed, zone })
			: fieldIssue(name, 'clockTime')
	);
	return undefined;
}

/** Reads a submitted form's date and time fields in `zone`, keeping what cannot be read as issues for parseForm. */
export function clockTimes(data: FormData, zone: string) {
	const issues: FieldIssue[] = [];
	return { issues, read: (name: string) => clockTimeField(issues, name, field(data, name), zone) };
}
