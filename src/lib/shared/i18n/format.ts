/**
 * Fills a message's parameters the way each language writes them: numbers through `Intl.NumberFormat` ("2,000"
 * in English, "2 000" in Finnish and Swedish) and plurals through `Intl.PluralRules`, in the ICU MessageFormat
 * subset `{count, plural, =0 {no tasks} one {# task} other {# tasks}}`, where `#` is the formatted number.
 * Nested braces inside a branch are not supported: a branch holds plain text, `#` and `{name}` parameters.
 */
import type { Locale } from './define';

export type MessageParams = Record<string, string | number>;

const TAGS: Record<Locale, string> = { en: 'en-GB', fi: 'fi-FI', sv: 'sv-SE' };
const numberFormats = new Map<Locale, Intl.NumberFormat>();
const pluralRules = new Map<Locale, Intl.PluralRules>();

/** The BCP 47 tag used with Intl for dates and numbers. */
export const intlLocale = (locale: Locale) => TAGS[locale];

export function formatNumber(locale: Locale, value: number): string {
	let format = numberFormats.get(locale);
	if (!format) numberFormats.set(locale, (format = new Intl.NumberFormat(TAGS[locale])));
	return format.format(value);
}

function pluralCategory(locale: Locale, value: number): Intl.LDMLPluralRule {
	let rules = pluralRules.get(locale);
	if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(TAGS[locale])));
	return rules.select(value);
}

/** `{name, plural, <selector> {<text>} ...}`: the selectors are `=N` or a CLDR category. */
const PLURAL = /\{(\w+),\s*plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\})+)\s*\}/g;
const BRANCH = /(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*)\}/g;
const PARAM = /\{(\w+)\}/g;

const shown = (locale: Locale, value: string | number) =>
	typeof value === 'number' ? formatNumber(locale, value) : value;

export function formatMessage(locale: Locale, text: string, params?: MessageParams): string {
	if (!params) return text;
	return text
		.replace(PLURAL, (whole, name: string, body: string) => {
			if (!(name in params)) return whole;
			const value = Number(params[name]);
			const branches = new Map([...body.matchAll(BRANCH)].map((m) => [m[1], m[2]]));
			const chosen =
				branches.get(`=${value}`) ?? branches.get(pluralCategory(locale, value)) ?? branches.get('other');
			return (chosen ?? '').replaceAll('#', shown(locale, params[name]));
		})
		.replace(PARAM, (m, name: string) => (name in params ? shown(locale, params[name]) : m));
}

/** The names of the parameters a message text uses, plain and plural, in order of first use. */
export function messageParams(text: string): string[] {
	const names = [...text.matchAll(/\{(\w+)(?:\}|,\s*plural,)/g)].map((m) => m[1]);
	return [...new Set(names)];
}
