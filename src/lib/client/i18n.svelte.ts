/** The page's translator, provided once by the root layout through context. */
import { getContext, setContext } from 'svelte';
import { formatNumber, intlLocale, translator, type Locale, type Translate } from '../shared/i18n';

const KEY = Symbol('i18n');

export interface I18n {
	locale: Locale;
	t: Translate;
	/** A count or figure in the UI's language ("2,000", "2 000"). */
	n(value: number): string;
	/** Formats an instant in a time zone, in the UI's language (e.g. "Thu 10 Oct 18:00"). */
	formatTime(instant: number | string, timeZone: string, options?: Intl.DateTimeFormatOptions): string;
}

export function createI18n(locale: Locale): I18n {
	const formatters = new Map<string, Intl.DateTimeFormat>();
	return {
		locale,
		t: translator(locale),
		n: (value) => formatNumber(locale, value),
		formatTime(
			instant,
			timeZone,
			options = { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }
		) {
			const id = `${timeZone}|${JSON.stringify(options)}`;
			let f = formatters.get(id);
			if (!f) formatters.set(id, (f = new Intl.DateTimeFormat(intlLocale(locale), { ...options, timeZone })));
			return f.format(typeof instant === 'string' ? Date.parse(instant) : instant);
		}
	};
}

export function setI18n(i18n: I18n): void {
	setContext(KEY, i18n);
}

export function getI18n(): I18n {
	return getContext<I18n>(KEY);
}
