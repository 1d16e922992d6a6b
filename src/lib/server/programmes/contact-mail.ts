/**
 * The mail a system's contact person gets of its downtime: announced, changed, or the reminder the day before. In
 * Finnish, Swedish and English in one mail (the inventory does not say which the contact reads), times in the
 * wave's zone, with a link to the public notice and an iCalendar entry (RFC 5546 PUBLISH) whose UID is the
 * system's and whose SEQUENCE is the window's revision: a changed window updates the entry a calendar holds
 * instead of adding a second one. Pure: the sender sends it.
 */
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { SendMailOptions } from 'nodemailer';
import { translator } from '../../shared/i18n';
import { noticeTime } from '../../shared/notices/drafts';
import { NOTICE_LANGS, noticeRef, type NoticeLang } from '../../shared/notices/rules';
import { escapeHtml } from '../status/html-template';
import { pagePath } from '../status/paths';
import type { ClaimedContactMessage } from './contact-outbox.tx';

export interface ContactMailTarget {
	from: string;
	/** The public base URL. */
	baseUrl: string;
	/** Stable per message, so a resend after a crash is recognised as the same one. */
	messageId: string;
}

/** The calendar entry's UID: one per system, whatever its window. */
export const contactEventUid = (systemId: string, host: string) => `system-${systemId}@${host}`;

export function contactMail(target: ContactMailTarget, c: ClaimedContactMessage): SendMailOptions {
	const { message: m } = c;
	const host = new URL(target.baseUrl).hostname;
	const noticeUrl = (lang: NoticeLang) =>
		c.noticeNumber === null
			? null
			: `${target.baseUrl}${pagePath(lang)}#${c.waveSlug}-${noticeRef(c.noticeNumber)}`;
	const sections = NOTICE_LANGS.map((lang) => {
		const t = translator(lang);
		const at = (d: Date) => noticeTime(d.getTime(), lang, c.timezone);
		const params = {
			system: c.systemName,
			agency: c.agency,
			wave: c.waveName,
			start: at(m.windowStart),
			end: at(m.windowEnd)
		};
		const lines = [
			t('announcements.mailGreeting', { name: c.contactName }),
			t(`announcements.mailText_${m.kind}`, params)
		];
		if (m.kind === 'changed' && m.previousStart && m.previousEnd)
			lines.push(t('announcements.mailWas', { start: at(m.previousStart), end: at(m.previousEnd) }));
		lines.push(t('announcements.mailAsk'));
		const url = noticeUrl(lang);
		if (url) lines.push(t('announcements.mailNotice', { url }));
		lines.push(t('announcements.mailCalendar'));
		return { lang, subject: t(`announcements.mailSubject_${m.kind}`, params), lines };
	});
	const calendar = ical({
		prodId: { company: 'golive', product: 'programmes', language: 'FI' },
		method: ICalCalendarMethod.PUBLISH
	});
	calendar.createEvent({
		id: contactEventUid(m.systemId, host),
		sequence: m.windowRevision,
		stamp: m.createdAt,
		start: m.windowStart,
		end: m.windowEnd,
		summary: sections.map((s) => s.subject.replace(/^[^:]*:\s*/, '')).join(' / '),
		description: sections.map((s) => s.lines.join('\n')).join('\n\n---\n\n'),
		status: ICalEventStatus.CONFIRMED,
		url: noticeUrl('fi') ?? undefined
	});
	const subject = sections.map((s) => s.subject).join(' / ');
	return {
		from: target.from,
		to: m.address,
		subject,
		messageId: target.messageId,
		text: sections.map((s) => s.lines.join('\n\n')).join('\n\n---\n\n') + '\n',
		html:
			`<!doctype html><html lang="fi"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>` +
			sections
				.map(
					(s) =>
						`<div lang="${s.lang}"><h1>${escapeHtml(s.subject)}</h1>${s.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}</div>`
				)
				.join('<hr>') +
			'</body></html>',
		icalEvent: { method: 'PUBLISH', filename: 'downtime.ics', content: calendar.toString() }
	};
}
