import { describe, expect, it } from 'vitest';
import { noticeTexts, noticeTime, type NoticeSubject } from './notices';

const subject: NoticeSubject = {
	kind: 'go',
	cutoverName: 'Asiakastieto',
	timezone: 'Europe/Helsinki',
	windowEnd: Date.parse('2024-10-11T03:00:00.000Z'),
	previousWindowEnd: null
};

describe('user notice drafts', () => {
	it.each(['go', 'rollback', 'extend'] as const)(
		'a %s notice names the cutover in every language',
		(kind) => {
			const texts = noticeTexts({ ...subject, kind })!;
			for (const lang of ['en', 'fi', 'sv'] as const) {
				expect(texts[lang].title).toContain('Asiakastieto');
				expect(texts[lang].body.length).toBeGreaterThan(20);
			}
		}
	);

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
