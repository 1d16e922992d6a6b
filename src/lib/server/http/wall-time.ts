/** Form fields of type datetime-local carry a wall-clock time; the API and services want an instant. */
import { isValidTimeZone, toZonedIso, wallTimeToInstant } from '../../shared/time';

/**
 * A `datetime-local` value read as clock time in `zone`, as an ISO time with offset; anything else is passed
 * through unchanged, so the schema names the field when it is not a time.
 */
export function wallTimeField(value: string, zone: string): string {
	const wall = value.trim().replace(' ', 'T');
	if (!isValidTimeZone(zone)) return value;
	const instant = wallTimeToInstant(wall, zone);
	return instant === null ? value : toZonedIso(instant, zone);
}
