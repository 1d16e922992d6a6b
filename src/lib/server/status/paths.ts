/**
 * Where the public status page and its feeds live. The same paths are served from memory and written by the
 * export, so a plain web server or a CDN serving the exported folder answers the same URLs.
 */
import type { NoticeLang } from '../../shared/notices/rules';
import type { StatuspageDocument } from '../../shared/schemas/statuspage';

export const pagePath = (lang: NoticeLang) => `/${lang}/status`;
export const atomPath = (lang: NoticeLang) => `/${lang}/status/feed.atom`;
export const calendarPath = '/status/maintenance.ics';
export const subscribePath = (lang: NoticeLang) => `/status/subscribe?lang=${lang}`;
export const ASSET_PATHS = { css: '/status/assets/status.css', script: '/status/assets/refresh.js' } as const;

/** A Statuspage document's path; a language other than the default asks with `?lang=`. */
export const jsonPath = (doc: StatuspageDocument, lang?: NoticeLang) =>
	`/api/v2/${doc}.json${lang ? `?lang=${lang}` : ''}`;

/** The language of whatever does not say: Finnish. */
export const DEFAULT_LANG: NoticeLang = 'fi';
