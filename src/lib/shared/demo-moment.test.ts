import { describe, expect, it } from 'vitest';
import { DEMO_MOMENT_FORMS, parseDemoMoment } from './demo-moment';

describe('a demo moment as written on the command line', () => {
	it('reads a duration of days, hours and minutes since the window opened', () => {
		expect(parseDemoMoment('14h')).toEqual({ minutes: 14 * 60 });
		expect(parseDemoMoment('14h30m')).toEqual({ minutes: 14 * 60 + 30 });
		expect(parseDemoMoment('90m')).toEqual({ minutes: 90 });
		expect(parseDemoMoment('3d2h')).toEqual({ minutes: (3 * 24 + 2) * 60 });
		expect(parseDemoMoment('1d5m')).toEqual({ minutes: 24 * 60 + 5 });
		expect(parseDemoMoment('0m')).toEqual({ minutes: 0 });
		// Written loosely: around spaces and in capitals.
		expect(parseDemoMoment(' 14H30M ')).toEqual({ minutes: 14 * 60 + 30 });
	});

	it('reads the named moments', () => {
		expect(parseDemoMoment('transfers')).toEqual({ name: 'transfers' });
		expect(parseDemoMoment('behind')).toEqual({ name: 'behind' });
		expect(parseDemoMoment('Go')).toEqual({ name: 'go' });
		expect(parseDemoMoment('opening')).toEqual({ name: 'opening' });
	});

	it('refuses anything else', () => {
		for (const text of ['', ' ', '14', '14:30', '30m14h', '14h 30m', '1.5h', '-2h', 'h', 'later', 'go!'])
			expect(parseDemoMoment(text), text).toBeNull();
	});

	it('says what it accepts', () => {
		for (const form of ['14h', '14h30m', '90m', 'transfers', 'behind', 'go', 'opening'])
			expect(DEMO_MOMENT_FORMS).toContain(form);
	});
});
