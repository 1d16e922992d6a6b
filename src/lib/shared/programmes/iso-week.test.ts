import { describe, expect, it } from 'vitest';
import { isoWeek, isoWeekOfDay } from './iso-week';

describe('ISO weeks', () => {
	it('names the week by the year of its Thursday', () => {
		expect(isoWeekOfDay('2026-12-05')).toBe('2026-W49');
		expect(isoWeekOfDay('2027-01-01')).toBe('2026-W53');
		expect(isoWeekOfDay('2024-12-30')).toBe('2025-W01');
		expect(isoWeekOfDay('2021-01-03')).toBe('2020-W53');
		expect(isoWeekOfDay('2021-01-04')).toBe('2021-W01');
	});

	it("reads the day on the programme's calendar", () => {
		// Sunday 23:30 UTC is already Monday in Oslo.
		const instant = Date.UTC(2026, 11, 6, 23, 30);
		expect(isoWeek(instant, 'UTC')).toBe('2026-W49');
		expect(isoWeek(instant, 'Europe/Oslo')).toBe('2026-W50');
	});
});
