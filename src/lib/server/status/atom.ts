/**
 * The Atom feed (RFC 4287) of one language: an entry per entry of a notice's public timeline (its publication,
 * updates, corrections, withdrawal), each with an id that never changes, so readers show each update once.
 * Titles are escaped (the feed library marks them as HTML), bodies come only from the notice renderer.
 */
import { createHash } from 'node:crypto';
import { Feed } from 'feed';
import { translator, type Locale } from '../../shared/i18n';
import { escapeHtml } from './html-template';
import { renderNoticeHtml } from '../notices/markdown';
import { textIn, type StatusModel } from './model';
import { atomPath, pagePath } from './paths';

/** Entries in a feed: the newest ones. */
const FEED_LIMIT = 100;

/** A name-based UUID (RFC 9562 version 5 layout over SHA-1) as a URN: the same name gives the same id forever. */
export function stableUrn(name: string): string {
	const h = createHash('sha1').update(`golive-status:${name}`).digest();
	h[6] = (h[6] & 0x0f) | 0x50;
	h[8] = (h[8] & 0x3f) | 0x80;
	const hex = h.subarray(0, 16).toString('hex');
	return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** What stays out of a CDATA section: its end marker (the library writes titles and content as CDATA). */
const cdataSafe = (text: string) => text.replaceAll(']]>', ']]&gt;');

export function renderAtom(model: StatusModel, lang: Locale, origin: string): string {
	const t = translator(lang);
	const page = `${origin}${pagePath(lang)}`;
	const feed = new Feed({
		id: stableUrn(`feed:${lang}`),
		title: t('status.feedTitle'),
		updated: new Date(model.updatedAt ?? 0),
		generator: 'golive',
		language: lang,
		link: page,
		feed: `${origin}${atomPath(lang)}`,
		author: { name: t('status.title') }
	});
	const entries = model.notices
		.flatMap((n) => n.entries.map((entry) => ({ notice: n, entry })))
		.sort((a, b) => b.entry.at.localeCompare(a.entry.at) || b.entry.id - a.entry.id)
		.slice(0, FEED_LIMIT);
	for (const { notice, entry } of entries) {
		const text = textIn(entry.kind === 'withdrawn' ? notice.latest.texts : entry.texts, lang);
		const label = t(`status.entry_${entry.kind}`, { time: '' }).trim();
		const title = `${t(`status.kind_${notice.kind}`)}: ${text?.title ?? notice.ref} (${label})`;
		const content =
			entry.kind === 'withdrawn'
				? `<p>${escapeHtml(t('status.withdrawnReason', { reason: entry.reason ?? '' }))}</p>`
				: renderNoticeHtml(text?.body ?? '');
		feed.addItem({
			// Per language too: the Swedish text of an update is another entry than its Finnish one.
			id: stableUrn(`notice:${notice.id}:entry:${entry.id}:${lang}`),
			title: cdataSafe(escapeHtml(title)),
			link: `${page}#${notice.cutover.slug}-${notice.ref}`,
			date: new Date(entry.at),
			published: new Date(entry.at),
			content: cdataSafe(content)
		});
	}
	// The library has no option for the feed's language: it goes on the root element, as RFC 4287 allows.
	return feed
		.atom1()
		.replace(
			'<feed xmlns="http://www.w3.org/2005/Atom">',
			`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang}">`
		);
}
