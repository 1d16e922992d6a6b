/**
 * Where a programme's public progress view lives: `/progress/{slug}` (the language by Accept-Language) and
 * `/{lang}/progress/{slug}`. The server answers them from memory and the export writes the same paths.
 */
import type { NoticeLang } from '../../shared/notices/rules';

export const progressPath = (slug: string, lang?: NoticeLang) =>
	lang ? `/${lang}/progress/${slug}` : `/progress/${slug}`;

/** A request's path as a progress view's slug and language (null: negotiated), or null: not a progress view. */
export function parseProgressPath(pathname: string): { slug: string; lang: NoticeLang | null } | null {
	const m = /^(?:\/(fi|sv|en))?\/progress\/([a-z0-9]+(?:-[a-z0-9]+)*)\/?$/.exec(pathname);
	return m ? { slug: m[2], lang: (m[1] as NoticeLang | undefined) ?? null } : null;
}
