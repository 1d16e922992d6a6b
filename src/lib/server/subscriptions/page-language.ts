/** The language of a public subscription page: `?lang=` when it names one, else what the visitor's browser asks. */
import { isLocale, type Locale } from '../../shared/i18n';

export const pageLanguage = (url: URL, fallback: Locale): Locale => {
	const asked = url.searchParams.get('lang');
	return isLocale(asked) ? asked : fallback;
};
