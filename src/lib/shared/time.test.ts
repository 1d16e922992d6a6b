import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	formatDuration,
	instantToWallTime,
	isValidTimeZone,
	toZonedIso,
	wallTimeToInstant,
	zoneOffset
} from './time';

const HKI = 'Europe/Helsinki';
const HOUR = 3_600_000;
const utc = (s: string) => Date.parse(s);

describe('zone offsets', () => {
	it('knows Helsinki summer (+3 h) and winter (+2 h) time', () => {
		expect(zoneOffset(utc('2024-10-10T15:00:00Z'), HKI)).toBe(3 * HOUR);
		expect(zoneOffset(utc('2024-12-01T12:00:00Z'), HKI)).toBe(2 * HOUR);
	});

	it('switches exactly at 01:00 UTC on the last Sundays of March and October', () => {
		expect(zoneOffset(utc('2024-03-31T00:59:59Z'), HKI)).toBe(2 * HOUR);
		expect(zoneOffset(utc('2024-03-31T01:00:00Z'), HKI)).toBe(3 * HOUR);
		expect(zoneOffset(utc('2024-10-27T00:59:59Z'), HKI)).toBe(3 * HOUR);
		expect(zoneOffset(utc('2024-10-27T01:00:00Z'), HKI)).toBe(2 * HOUR);
	});
});

describe('wall times in a zone', () => {
	it('reads a Helsinki clock time as the right instant, summer and winter', () => {
		expect(wallTimeToInstant('2024-10-10T18:00', HKI)).toBe(utc('2024-10-10T15:00:00Z'));
		expect(wallTimeToInstant('2024-12-24T18:00', HKI)).toBe(utc('2024-12-24T16:00:00Z'));
		expect(wallTimeToInstant('2024-10-10T18:00:30', HKI)).toBe(utc('2024-10-10T15:00:30Z'));
	});

	it('reads times on both sides of the DST changes', () => {
		expect(wallTimeToInstant('2024-03-31T02:59', HKI)).toBe(utc('2024-03-31T00:59:00Z'));
		expect(wallTimeToInstant('2024-03-31T04:00', HKI)).toBe(utc('2024-03-31T01:00:00Z'));
		expect(wallTimeToInstant('2024-10-27T02:59', HKI)).toBe(utc('2024-10-26T23:59:00Z'));
		expect(wallTimeToInstant('2024-10-27T04:00', HKI)).toBe(utc('2024-10-27T02:00:00Z'));
	});

	it('maps the repeated hour of the autumn change to the first of its two instants (summer time)', () => {
		const instant = wallTimeToInstant('2024-10-27T03:30', HKI);
		expect(instant).toBe(utc('2024-10-27T00:30:00Z'));
		expect(instantToWallTime(instant!, HKI)).toBe('2024-10-27T03:30');
		expect(wallTimeToInstant('2024-11-03T01:30', 'America/New_York')).toBe(utc('2024-11-03T05:30:00Z'));
	});

	it('reads the skipped hour of the spring change with the winter offset, landing after the gap', () => {
		expect(instantToWallTime(wallTimeToInstant('2024-03-31T03:30', HKI)!, HKI)).toBe('2024-03-31T04:30');
	});

	it('refuses text that is not a wall time', () => {
		for (const bad of ['', '2024-10-10', '2024-10-10 18:00', '18:00', '2024-10-10T18:00+03:00'])
			expect(wallTimeToInstant(bad, HKI)).toBeNull();
	});

	it('round-trips instants across 2024 in Helsinki, every 15 minutes around both DST changes', () => {
		const instants: number[] = [];
		for (let i = utc('2024-01-01T00:00:00Z'); i < utc('2025-01-01T00:00:00Z'); i += 7 * HOUR)
			instants.push(i);
		for (const day of ['2024-03-30T12:00:00Z', '2024-10-26T12:00:00Z'])
			for (let i = utc(day); i < utc(day) + 24 * HOUR; i += HOUR / 4) instants.push(i);
		for (const i of instants) {
			const wall = instantToWallTime(i, HKI);
			const back = wallTimeToInstant(wall, HKI)!;
			expect(instantToWallTime(back, HKI)).toBe(wall);
			// Only the repeated autumn hour may come back as its twin, one hour apart.
			if (back !== i) {
				expect(Math.abs(back - i)).toBe(HOUR);
				expect(wall.slice(0, 13)).toBe('2024-10-27T03');
			}
		}
	});
});

describe('toZonedIso', () => {
	it('writes the zone offset that applies at that instant', () => {
		expect(toZonedIso(utc('2024-10-10T15:00:00Z'), HKI)).toBe('2024-10-10T18:00:00+03:00');
		expect(toZonedIso(utc('2024-10-27T01:30:00Z'), HKI)).toBe('2024-10-27T03:30:00+02:00');
		expect(toZonedIso(utc('2024-10-27T00:30:00Z'), HKI)).toBe('2024-10-27T03:30:00+03:00');
		expect(toZonedIso(utc('2024-07-01T12:00:00Z'), 'America/New_York')).toBe('2024-07-01T08:00:00-04:00');
		expect(toZonedIso(utc('2024-07-01T12:00:00Z'), 'Asia/Kolkata')).toBe('2024-07-01T17:30:00+05:30');
		expect(toZonedIso(utc('2024-07-01T12:00:00Z'), 'UTC')).toBe('2024-07-01T12:00:00+00:00');
	});

	it('always parses back to the same instant (to the second)', () => {
		const zones = [HKI, 'Europe/Stockholm', 'UTC', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe'];
		fc.assert(
			fc.property(
				fc.integer({ min: utc('2000-01-01T00:00:00Z'), max: utc('2040-01-01T00:00:00Z') }),
				fc.constantFrom(...zones),
				(instant, zone) => {
					expect(Date.parse(toZonedIso(instant, zone))).toBe(Math.floor(instant / 1000) * 1000);
				}
			)
		);
	});
});

describe('other helpers', () => {
	it('knows valid IANA zones', () => {
		expect(isValidTimeZone(HKI)).toBe(true);
		expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
	});

	it('formats signed durations', () => {
		expect(formatDuration(45)).toBe('45 min');
		expect(formatDuration(125)).toBe('2 h 05 min');
		expect(formatDuration(-45)).toBe('-45 min');
		expect(formatDuration(60 * 24 + 61)).toBe('1 d 1 h 01 min');
	});
});
