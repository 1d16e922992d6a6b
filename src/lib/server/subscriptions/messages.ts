/**
 * What a subscriber is sent, in their language: the confirmation mail, a notice entry's mail (an HTML part of
 * the sanitized Markdown beside a plain-text part, with the RFC 8058 one-click unsubscribe headers), and the
 * JSON a webhook receives. Pure: the sender fills in the links and sends.
 */
import type { SendMailOptions } from 'nodemailer';
import { translator, type Translate } from '../../shared/i18n';
import { noticeRef, type NoticeLang } from '../../shared/notices/rules';
import { textFor } from '../../shared/subscriptions/rules';
import type { NoticeEntryRow } from '../db/schema';
import { noticePlainText, renderNoticeHtml } from '../notices/markdown';

/** A notice entry with what a message says of its notice and cutover. */
export interface EntryToSend {
	entry: NoticeEntryRow;
	noticeNumber: number;
	noticeKind: string;
	services: string[];
	cutoverSlug: string;
	cutoverName: string;
}

/** The links every message carries. */
export interface Links {
	/** The https link that unsubscribes (its POST is the one-click target). */
	unsubscribeUrl: string;
	/** The page where the subscriber changes their language and services, or unsubscribes. */
	manageUrl: string;
}

export interface MailTarget extends Links {
	from: string;
	to: string;
	language: NoticeLang;
	/** Stable per delivery, so a resend after a crash can be recognised as the same message. */
	messageId: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const unsubscribeHeaders = (url: string) => ({
	'List-Unsubscribe': `<${url}>`,
	'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'
});

function page(lang: NoticeLang, title: string, body: string, t: Translate, links: Links): string {
	const line = (text: string, url: string) =>
		`<p style="font-size:small">${escapeHtml(text)} <a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`;
	const footer =
		line(t('subscriptions.mailManage'), links.manageUrl) +
		line(t('subscriptions.mailFooter'), links.unsubscribeUrl);
	return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}<hr>${footer}</body></html>`;
}

/** The plain-text part's signature: where to manage the subscription and to unsubscribe. */
const textFooter = (t: Translate, links: Links) =>
	`-- \n${t('subscriptions.mailManage')} ${links.manageUrl}\n${t('subscriptions.mailFooter')} ${links.unsubscribeUrl}\n`;

export function confirmationMail(target: MailTarget, confirmUrl: string): SendMailOptions {
	const t = translator(target.language);
	const subject = t('subscriptions.mailConfirmSubject');
	const lines = [t('subscriptions.mailConfirmText'), confirmUrl, t('subscriptions.mailConfirmIgnore')];
	const link = escapeHtml(confirmUrl);
	return {
		from: target.from,
		to: target.to,
		subject,
		messageId: target.messageId,
		headers: unsubscribeHeaders(target.unsubscribeUrl),
		text: `${lines.join('\n\n')}\n\n${textFooter(t, target)}`,
		html: page(
			target.language,
			subject,
			`<p>${escapeHtml(lines[0])}</p><p><a href="${link}">${link}</a></p><p>${escapeHtml(lines[2])}</p>`,
			t,
			target
		)
	};
}

/** A notice entry's subject and body in the subscriber's language, or the first of fi, sv, en it has. */
export function noticeMail(target: MailTarget, item: EntryToSend): SendMailOptions {
	const t = translator(target.language);
	const chosen = textFor(item.entry.texts, target.language);
	const lang = chosen?.lang ?? target.language;
	const title = chosen?.text.title ?? noticeRef(item.noticeNumber);
	const markdown = chosen?.text.body ?? '';
	const subject = t(`subscriptions.subject_${item.entry.kind}`, { cutover: item.cutoverName, title });
	const notes: string[] = [];
	if (lang !== target.language)
		notes.push(t('subscriptions.mailFallback', { language: t(`subscriptions.lang_${lang}`) }));
	if (item.entry.kind === 'withdrawn' && item.entry.reason)
		notes.push(t('subscriptions.mailWithdrawn', { reason: item.entry.reason }));
	const text = [...notes, title, noticePlainText(markdown)].filter(Boolean).join('\n\n');
	const html =
		notes.map((n) => `<p><em>${escapeHtml(n)}</em></p>`).join('') +
		`<div lang="${lang}"><h1>${escapeHtml(title)}</h1>${renderNoticeHtml(markdown)}</div>`;
	return {
		from: target.from,
		to: target.to,
		subject,
		messageId: target.messageId,
		headers: unsubscribeHeaders(target.unsubscribeUrl),
		text: `${text}\n\n${textFooter(t, target)}`,
		html: page(target.language, subject, html, t, target)
	};
}

/** The Standard Webhooks body a webhook subscriber receives of a notice entry: every language it has. */
export function noticeWebhookBody(item: EntryToSend, at: number, links: Links, language: NoticeLang) {
	const chosen = textFor(item.entry.texts, language);
	return JSON.stringify({
		type: `notice.${item.entry.kind}`,
		timestamp: new Date(at).toISOString(),
		data: {
			cutover: { slug: item.cutoverSlug, name: item.cutoverName },
			notice: { ref: noticeRef(item.noticeNumber), kind: item.noticeKind, services: item.services },
			entry: {
				id: item.entry.id,
				kind: item.entry.kind,
				at: item.entry.at.toISOString(),
				corrects: item.entry.corrects,
				incidentStatus: item.entry.incidentStatus,
				reason: item.entry.reason,
				/** The subscriber's language, or the first the entry has. */
				language: chosen?.lang ?? null,
				title: chosen?.text.title ?? null,
				body: chosen?.text.body ?? null,
				texts: item.entry.texts
			},
			...links
		}
	});
}

/** The signed message that verifies a webhook subscriber's address before anything else is sent. */
export function verificationWebhookBody(at: number, links: Links, language: NoticeLang): string {
	return JSON.stringify({
		type: 'subscription.verify',
		timestamp: new Date(at).toISOString(),
		data: { text: translator(language)('subscriptions.verifyText'), ...links }
	});
}
