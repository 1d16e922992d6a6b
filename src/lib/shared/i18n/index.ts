/**
 * The i18n layer: typed message keys ("area.key"), English, Finnish and Swedish. A key missing in fi or sv is a
 * type error, so no string is ever left untranslated. Each area keeps its messages in ./messages/<area>.ts.
 * Numbers and plurals are written per language (./format.ts): never "task(s)".
 */
import { LOCALES, type Locale } from './define';
import { formatMessage, type MessageParams } from './format';
import { common } from './messages/common';
import { auth } from './messages/auth';
import { admin } from './messages/admin';
import { cutover } from './messages/cutover';
import { board } from './messages/board';
import { transfers } from './messages/transfers';
import { decisions } from './messages/decisions';
import { errors } from './messages/errors';
import { wall } from './messages/wall';
import { metrics } from './messages/metrics';
import { opening } from './messages/opening';
import { fields } from './messages/fields';
import { webhooks } from './messages/webhooks';
import { incidents } from './messages/incidents';
import { reports } from './messages/reports';
import { notices } from './messages/notices';
import { status } from './messages/status';
import { subscriptions } from './messages/subscriptions';
import { programmes } from './messages/programmes';
import { rehearsals } from './messages/rehearsals';
import { postEvent } from './messages/post-event';
import { announcements } from './messages/announcements';

const catalog = {
	common,
	auth,
	admin,
	cutover,
	board,
	transfers,
	decisions,
	errors,
	wall,
	metrics,
	opening,
	webhooks,
	incidents,
	reports,
	notices,
	status,
	subscriptions,
	programmes,
	rehearsals,
	postEvent,
	announcements,
	fields
} as const;

type Catalog = typeof catalog;
export type MessageKey = {
	[NS in keyof Catalog]: `${NS & string}.${keyof Catalog[NS]['en'] & string}`;
}[keyof Catalog];

/** A stable, machine-readable reason for a refusal: a key of the `errors` messages. */
export type ErrorReason = Extract<MessageKey, `errors.${string}`>;
/** A stable, machine-readable reason for one field's validation issue: a key of the `fields` messages. */
export type FieldReason = Extract<MessageKey, `fields.${string}`>;

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export { LOCALES, type Locale };
export {
	ERROR_REASONS,
	FIELD_REASONS,
	fieldErrorTexts,
	isErrorReason,
	refusalText,
	type FieldIssue,
	type FormRefusal,
	type Refusal,
	type RefusalMessage,
	type ReasonParams
} from './refusal';

/** The cookie that keeps a user's chosen language. */
export const LOCALE_COOKIE = 'golive_lang';

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function translator(locale: Locale): Translate {
	return (key, params) => {
		const dot = key.indexOf('.');
		const ns = catalog[key.slice(0, dot) as keyof Catalog] as unknown as Record<
			Locale,
			Record<string, string>
		>;
		const text = ns[locale][key.slice(dot + 1)] ?? ns.en[key.slice(dot + 1)] ?? key;
		return formatMessage(locale, text, params);
	};
}

/** Picks the best supported locale from an Accept-Language header. */
export function negotiateLocale(acceptLanguage: string | null): Locale {
	for (const part of (acceptLanguage ?? '').split(',')) {
		const tag = part.split(';')[0].trim().toLowerCase().slice(0, 2);
		if (isLocale(tag)) return tag;
	}
	return 'en';
}

export { formatNumber, intlLocale, type MessageParams } from './format';
