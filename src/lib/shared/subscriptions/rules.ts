/**
 * The rules of public subscriptions, pure: the channels, what a delivery is and where it stands, which language
 * of a notice a subscriber reads, and which notices reach which subscriber.
 */
import { NOTICE_LANGS, type NoticeLang, type NoticeText, type NoticeTexts } from '../notices/rules';

/** A subscriber is told by e-mail (double opt-in) or by a signed webhook (verified by a 2xx). */
export const SUBSCRIPTION_CHANNELS = ['email', 'webhook'] as const;
export type SubscriptionChannel = (typeof SUBSCRIPTION_CHANNELS)[number];

/**
 * What a delivery carries: the e-mail confirmation link, the webhook's verification message, or a notice entry
 * (a first publication, an update, a correction or a withdrawal).
 */
export const DELIVERY_KINDS = ['confirm', 'verify', 'notice'] as const;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];

/** pending: waiting or retrying; sent: a 2xx or the SMTP server's acceptance; failed: its last attempt failed. */
export const DELIVERY_STATES = ['pending', 'sent', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** An unconfirmed subscriber (or unverified webhook) is forgotten after this long. */
export const CONFIRM_WITHIN_MS = 48 * 60 * 60 * 1000;

/** `cutover-slug/service-key`, as a subscriber names a service. */
export const SERVICE_REF = /^[a-z0-9]+(?:-[a-z0-9]+)*\/[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/**
 * The text a subscriber reads: their own language, else the notice's others in the order fi, sv, en (Finnish
 * and Swedish are the languages a notice must usually have). Undefined only for a notice with no text at all.
 */
export function textFor(
	texts: NoticeTexts,
	lang: NoticeLang
): { lang: NoticeLang; text: NoticeText } | undefined {
	for (const l of [lang, ...NOTICE_LANGS.filter((x) => x !== lang)]) {
		const text = texts[l];
		if (text && text.title.trim() !== '') return { lang: l, text };
	}
	return undefined;
}
