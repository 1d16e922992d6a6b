import { describe, expect, it } from 'vitest';
import { noticeTime } from '../../shared/notices/drafts';
import { noticeTexts, type NoticeSubject } from './notices';

const subject: NoticeSubject = {
	kind: 'go',
	timezone: 'Europe/Helsinki',
	windowEnd: Date.parse('2024-10-11T03:00:00.000Z'),
	previousWindowEnd: null
};

describe('user notice drafts', () => {
	it.each(['go', 'rollback', 'extend'] as const)(
		'a %s notice has a title and a body in every language, and no time-zone id',
		(kind) => {
			const texts = noticeTexts({ ...subject, kind, previousWindowEnd: subject.windowEnd - 3_600_000 })!;
			for (const lang of ['en', 'fi', 'sv'] as const) {
				expect(texts[lang].title.length).toBeGreaterThan(5);
				expect(texts[lang].body.length).toBeGreaterThan(20);
				expect(`${texts[lang].title} ${texts[lang].body}`).not.toMatch(/[A-Z][a-z]+\/[A-Z]/);
			}
		}
	);

	it('names the time zone as each language does, in summer and in winter', () => {
		const summer = Date.parse('2024-10-11T03:00:00.000Z');
		const winter = Date.parse('2024-12-11T04:00:00.000Z');
		expect(noticeTime(summer, 'en', 'Europe/Helsinki')).toMatch(/Eastern European Summer Time\)$/);
		expect(noticeTime(winter, 'en', 'Europe/Helsinki')).toMatch(/Eastern European Standard Time\)$/);
		expect(noticeTime(summer, 'fi', 'Europe/Helsinki')).toMatch(/\(Itä-Euroopan kesäaika\)$/);
		expect(noticeTime(summer, 'sv', 'Europe/Helsinki')).toMatch(/\(östeuropeisk sommartid\)$/);
	});

	it('an extension gives the new and the earlier end in local time, in each language', () => {
		const previous = Date.parse('2024-10-11T01:00:00.000Z');
		const texts = noticeTexts({ ...subject, kind: 'extend', previousWindowEnd: previous })!;
		for (const lang of ['en', 'fi', 'sv'] as const) {
			expect(texts[lang].body).toContain(noticeTime(subject.windowEnd, lang, 'Europe/Helsinki'));
			expect(texts[lang].body).toContain(noticeTime(previous, lang, 'Europe/Helsinki'));
		}
		expect(texts.fi.body).toContain('klo 6.00');
	});

	it('a no-go, an accepted risk and ordered fixes leave no notice', () => {
		for (const kind of ['no_go', 'accept_risk', 'order_fixes'] as const)
			expect(noticeTexts({ ...subject, kind })).toBeNull();
	});
});
