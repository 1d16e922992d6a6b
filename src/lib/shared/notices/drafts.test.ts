import { describe, expect, it } from 'vitest';
import { incidentNoticeTexts, maintenanceNoticeTexts, noticeTime } from './drafts';

const START = Date.parse('2026-06-13T05:00:00Z');
const END = Date.parse('2026-06-13T09:30:00Z');

describe('a planned maintenance draft', () => {
	it('names the services and the window in the cutover zone, in each language', () => {
		const texts = maintenanceNoticeTexts({
			services: ['Asiointipalvelu', 'Markkinapaikka'],
			startsAt: START,
			endsAt: new Date(END).toISOString(),
			timezone: 'Europe/Helsinki'
		});
		expect(texts.fi).toEqual({
			title: 'Huoltokatko: Asiointipalvelu ja Markkinapaikka',
			body: `Palvelut Asiointipalvelu ja Markkinapaikka eivät ole käytettävissä huoltotöiden vuoksi alkaen ${noticeTime(START, 'fi', 'Europe/Helsinki')}. Huoltokatko päättyy viimeistään ${noticeTime(END, 'fi', 'Europe/Helsinki')}. Pahoittelemme haittaa.`
		});
		expect(texts.fi.body).toContain('klo 8.00 (Itä-Euroopan kesäaika)');
		expect(texts.sv.body).toMatch(/^Tjänsterna Asiointipalvelu och Markkinapaikka är inte tillgängliga/);
		expect(texts.sv.body).toContain('08:00 (östeuropeisk sommartid)');
		expect(texts.en.title).toBe('Planned maintenance: Asiointipalvelu and Markkinapaikka');
		expect(texts.en.body).toContain('12:30 (Eastern European Summer Time)');
	});

	it('agrees with one service, and with none', () => {
		const one = maintenanceNoticeTexts({
			services: ['Kassa'],
			startsAt: START,
			endsAt: END,
			timezone: 'Europe/Stockholm'
		});
		expect(one.fi.body).toMatch(/^Palvelu Kassa ei ole käytettävissä/);
		expect(one.sv.body).toMatch(/^Tjänsten Kassa är inte tillgänglig på grund/);
		expect(one.sv.body).toContain('07:00 (centraleuropeisk sommartid)');
		const none = maintenanceNoticeTexts({
			services: [],
			startsAt: START,
			endsAt: END,
			timezone: 'Europe/Helsinki'
		});
		expect([none.fi.title, none.sv.title, none.en.title]).toEqual([
			'Huoltokatko',
			'Planerat underhåll',
			'Planned maintenance'
		]);
		expect(none.en.body).toMatch(/^Our services will be unavailable/);
	});
});

describe('an incident draft', () => {
	it('says the status in words with the services affected', () => {
		const texts = incidentNoticeTexts({ title: 'Sign-in fails', status: 'identified', services: ['A', 'B'] });
		expect(texts.fi).toEqual({
			title: 'Häiriö: Sign-in fails',
			body: 'Olemme löytäneet syyn häiriöön, joka vaikuttaa palveluihin A ja B, ja korjaamme sitä.'
		});
		expect(texts.sv.body).toBe(
			'Vi har hittat orsaken till störningen som påverkar A och B och arbetar med en åtgärd.'
		);
		expect(incidentNoticeTexts({ title: 'X', status: 'resolved', services: [] }).en).toEqual({
			title: 'Disruption resolved: X',
			body: 'The disruption affecting our services has been resolved. We apologise for the inconvenience.'
		});
	});
});
