import { describe, expect, it } from 'vitest';
import { clockTimeExample, readClockTime, writeClockTime } from './clock-time';
import { LOCALES } from './i18n/define';

const HKI = 'Europe/Helsinki';
const utc = (iso: string) => Date.parse(iso);
const instant = (text: string, zone = HKI) => {
	const reading = readClockTime(text, zone);
	return 'instant' in reading ? reading.instant : reading.problem;
};

describe('a date and time written for a field', () => {
	it('follows the UI’s language, on a 24-hour clock, as the cutover’s zone shows it', () => {
		const evening = utc('2026-12-04T18:00:00Z');
		expect(writeClockTime(evening, HKI, 'en')).toBe('4 Dec 2026, 20:00');
		expect(writeClockTime(evening, HKI, 'fi')).toBe('4.12.2026 klo 20.00');
		expect(writeClockTime(evening, HKI, 'sv')).toBe('2026-12-04 20:00');
		// The same instant on New York's clocks; a morning keeps its leading zero but in Finnish.
		expect(writeClockTime(evening, 'America/New_York', 'en')).toBe('4 Dec 2026, 13:00');
		const morning = utc('2026-06-01T05:05:00Z');
		expect(writeClockTime(morning, HKI, 'en')).toBe('1 Jun 2026, 08:05');
		expect(writeClockTime(morning, HKI, 'fi')).toBe('1.6.2026 klo 8.05');
		expect(writeClockTime(morning, HKI, 'sv')).toBe('2026-06-01 08:05');
	});

	it('is read back as the same instant, in every language and across both DST changes', () => {
		const instants: number[] = [];
		for (let i = utc('2026-03-28T12:00:00Z'); i < utc('2026-03-30T00:00:00Z'); i += 15 * 60_000)
			instants.push(i);
		for (let i = utc('2026-10-24T12:00:00Z'); i < utc('2026-10-26T00:00:00Z'); i += 15 * 60_000)
			instants.push(i);
		for (const locale of LOCALES)
			for (const i of instants) {
				const text = writeClockTime(i, HKI, locale);
				const back = instant(text);
				// Only the repeated autumn hour reads as the first of its twins.
				if (back !== i) expect([text, i - (back as number)]).toEqual([text, 3_600_000]);
			}
	});

	it('gives a hint of its form in each language', () => {
		expect(LOCALES.map(clockTimeExample)).toEqual([
			'4 Dec 2026, 20:00',
			'4.12.2026 klo 20.00',
			'2026-12-04 20:00'
		]);
	});
});

describe('a date and time typed into a field', () => {
	const evening = utc('2026-12-04T18:00:00Z');

	it('is read in the cutover’s zone, however one of the three languages writes it', () => {
		for (const text of [
			'4.12.2026 klo 20.00',
			'4.12.2026 20.00',
			'04.12.2026 20:00',
			'4 Dec 2026, 20:00',
			'4 December 2026 20:00',
			'Dec 4, 2026, 20:00',
			'4 dec. 2026 kl. 20.00',
			'2026-12-04 20:00',
			'2026-12-04T20:00',
			'2026-12-04 kl 20:00',
			' 2026-12-04   20:00:00 '
		])
			expect(instant(text), text).toBe(evening);
		// Winter and summer in Helsinki; the same words on another zone's clocks.
		expect(instant('15.1.2026 8.00')).toBe(utc('2026-01-15T06:00:00Z'));
		expect(instant('15 Jul 2026, 08:00')).toBe(utc('2026-07-15T05:00:00Z'));
		expect(instant('4 Dec 2026, 20:00', 'America/New_York')).toBe(utc('2026-12-05T01:00:00Z'));
		expect(instant('6 maj 2026 12:00', 'UTC')).toBe(utc('2026-05-06T12:00:00Z'));
	});

	it('takes an ISO time with an offset as it is', () => {
		expect(instant('2026-12-04T20:00:00+02:00', 'UTC')).toBe(evening);
		expect(instant('2026-12-04T18:00Z')).toBe(evening);
	});

	it('refuses what is not a date and a 24-hour time, and days that do not exist', () => {
		for (const text of [
			'',
			'tomorrow',
			'20:00',
			'4.12.2026',
			'12/4/2026 8:00 PM',
			'4 Dec 2026, 8:00 pm',
			'4 Foo 2026 20:00',
			'31.2.2026 20.00',
			'29.2.2026 12.00',
			'4.13.2026 20.00',
			'4.12.2026 24.00',
			'4.12.2026 20.60',
			'4.12.26 20.00'
		])
			expect(instant(text), text).toBe('format');
		expect(instant('29.2.2028 12.00')).toBe(utc('2028-02-29T10:00:00Z'));
	});

	it('refuses a time the clocks skip when summer time begins, and takes the first of a repeated one', () => {
		// Helsinki: 29 March 2026 the clocks go from 03:00 to 04:00; 25 October from 04:00 back to 03:00.
		expect(instant('29.3.2026 klo 3.30')).toBe('skipped');
		expect(instant('29.3.2026 klo 2.59')).toBe(utc('2026-03-29T00:59:00Z'));
		expect(instant('29.3.2026 klo 4.00')).toBe(utc('2026-03-29T01:00:00Z'));
		expect(instant('25.10.2026 klo 3.30')).toBe(utc('2026-10-25T00:30:00Z'));
		expect(instant('25.10.2026 klo 4.00')).toBe(utc('2026-10-25T02:00:00Z'));
	});
});
