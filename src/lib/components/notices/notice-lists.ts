/**
 * Notices arranged for reading: the notices page's groups, the service desk's current notices and what changed
 * since a person last looked, and the text a reader sees first.
 */
import { NOTICE_LANGS, type NoticeLang } from '$lib/shared/notices/rules';
import type { NoticeView } from '$lib/shared/schemas/notices';

/** What the notices pages' loads depend on: a notice event through the live cutover loads them again. */
export const NOTICES_DEPENDENCY = 'golive:notices';

export const NOTICE_GROUPS = ['open', 'scheduled', 'published', 'withdrawn'] as const;
export type NoticeGroup = (typeof NOTICE_GROUPS)[number];

const GROUP_OF = {
	draft: 'open',
	awaiting_approval: 'open',
	scheduled: 'scheduled',
	published: 'published',
	withdrawn: 'withdrawn'
} as const satisfies Record<NoticeView['status'], NoticeGroup>;

const time = (iso: string | null) => (iso === null ? 0 : Date.parse(iso));

/** When a notice last changed for its readers: its latest timeline entry, else when it was drafted. */
export const latestAt = (notice: NoticeView): string => notice.entries.at(-1)?.at ?? notice.createdAt;

/**
 * Drafts and those awaiting approval first (newest first), then the scheduled (soonest first), the published
 * (latest change first) and the withdrawn (latest first).
 */
export function groupNotices(notices: readonly NoticeView[]): Record<NoticeGroup, NoticeView[]> {
	const groups: Record<NoticeGroup, NoticeView[]> = { open: [], scheduled: [], published: [], withdrawn: [] };
	for (const notice of notices) groups[GROUP_OF[notice.status]].push(notice);
	groups.open.sort((a, b) => time(b.createdAt) - time(a.createdAt));
	groups.scheduled.sort((a, b) => time(a.publishAt) - time(b.publishAt));
	groups.published.sort((a, b) => time(latestAt(b)) - time(latestAt(a)));
	groups.withdrawn.sort((a, b) => time(b.withdrawnAt) - time(a.withdrawnAt));
	return groups;
}

/** The notices a service desk passes on: published, not withdrawn, no maintenance completed; latest first. */
export const currentNotices = (notices: readonly NoticeView[]): NoticeView[] =>
	groupNotices(notices).published.filter((n) => n.maintenance?.state !== 'completed');

/** Whether the notice's latest entry is newer than a person's last look (never on a first look). */
export const changedSince = (notice: NoticeView, lastLook: number | null): boolean =>
	lastLook !== null && time(latestAt(notice)) > lastLook;

/** The text a reader of `locale` sees first: theirs when written, else the first written of fi, sv and en. */
export function textFor(
	texts: NoticeView['texts'],
	locale: string
): { lang: NoticeLang; title: string; body: string } | null {
	const order = [locale, ...NOTICE_LANGS].filter((l): l is NoticeLang =>
		NOTICE_LANGS.includes(l as NoticeLang)
	);
	for (const lang of order) {
		const text = texts[lang];
		if (text && text.title.trim() !== '') return { lang, ...text };
	}
	return null;
}
