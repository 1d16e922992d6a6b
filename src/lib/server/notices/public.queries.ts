import { and, asc, eq, gte, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { cutovers, noticeEntries, notices, type NoticeEntryRow, type NoticeRow } from '../db/schema';

/** The cutovers whose notice settings put them on the public status page, by name. */
export const publicCutovers = (db: Db) =>
	db
		.select({ id: cutovers.id, slug: cutovers.slug, name: cutovers.name, timezone: cutovers.timezone })
		.from(cutovers)
		// A rehearsal is never public, whatever its settings say: its incidents and notices are practice. A
		// programme has no services of its own (its waves do), and its progress has a page of its own.
		.where(
			and(
				sql`(${cutovers.noticeSettings} ->> 'publicStatus') = 'true'`,
				isNull(cutovers.rehearsalOf),
				eq(cutovers.kind, 'cutover')
			)
		)
		.orderBy(asc(cutovers.name), asc(cutovers.slug));

/**
 * The notices of these cutovers that the public has seen: published ones, and withdrawn ones withdrawn since
 * `since` (older withdrawals have left the page's history).
 */
export const shownNotices = (db: Db, cutoverIds: readonly string[], since: Date): Promise<NoticeRow[]> =>
	db
		.select()
		.from(notices)
		.where(
			and(
				inArray(notices.cutoverId, [...cutoverIds]),
				isNotNull(notices.publishedAt),
				or(
					eq(notices.status, 'published'),
					and(eq(notices.status, 'withdrawn'), gte(notices.withdrawnAt, since))
				)
			)
		)
		.orderBy(asc(notices.publishedAt), asc(notices.number));

/** The public timelines of these notices, oldest entry first. */
export const entriesOf = (db: Db, noticeIds: readonly string[]): Promise<NoticeEntryRow[]> =>
	db
		.select()
		.from(noticeEntries)
		.where(inArray(noticeEntries.noticeId, [...noticeIds]))
		.orderBy(asc(noticeEntries.id));
