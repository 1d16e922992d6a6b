/**
 * Public reads of notices, for the status page: no actor, since the page has no account. Only what was published
 * leaves here (never a draft, an approval or who wrote it): the cutovers shown on the page, and their published
 * and recently withdrawn notices with their public timelines.
 */
import type { NoticeEntryKind, NoticeKind, NoticeTexts } from '../../shared/notices/rules';
import { noticeRef } from '../../shared/notices/rules';
import type { IncidentStatus } from '../../shared/incidents/rules';
import type { Db } from '../db/client';
import type { NoticeEntryRow } from '../db/schema';
import * as q from './public.queries';

export interface PublicCutover {
	id: string;
	slug: string;
	name: string;
	timezone: string;
}

export interface PublicNoticeEntry {
	id: number;
	kind: NoticeEntryKind;
	at: string;
	texts: NoticeTexts;
	corrects: number | null;
	incidentStatus: IncidentStatus | null;
	/** A withdrawal's reason. */
	reason: string | null;
}

export interface PublicNotice {
	id: string;
	cutoverId: string;
	ref: string;
	kind: NoticeKind;
	withdrawn: boolean;
	services: string[];
	incidentId: string | null;
	maintenance: { startsAt: string; endsAt: string } | null;
	publishedAt: string;
	withdrawnAt: string | null;
	/** The public timeline, oldest first. */
	entries: PublicNoticeEntry[];
}

/** The cutovers whose notice settings show them on the public status page. */
export const publicCutovers = (db: Db): Promise<PublicCutover[]> => q.publicCutovers(db);

/** The published notices of these cutovers, and those withdrawn since `since`, with their timelines. */
export async function publicNotices(
	db: Db,
	cutoverIds: readonly string[],
	since: Date
): Promise<PublicNotice[]> {
	if (cutoverIds.length === 0) return [];
	const rows = await q.shownNotices(db, cutoverIds, since);
	if (rows.length === 0) return [];
	const entries = new Map<string, NoticeEntryRow[]>();
	for (const e of await q.entriesOf(
		db,
		rows.map((r) => r.id)
	))
		entries.set(e.noticeId, [...(entries.get(e.noticeId) ?? []), e]);
	return rows.map((row) => ({
		id: row.id,
		cutoverId: row.cutoverId,
		ref: noticeRef(row.number),
		kind: row.kind,
		withdrawn: row.status === 'withdrawn',
		services: row.services,
		incidentId: row.incidentId,
		maintenance:
			row.maintenanceStartsAt && row.maintenanceEndsAt
				? { startsAt: row.maintenanceStartsAt.toISOString(), endsAt: row.maintenanceEndsAt.toISOString() }
				: null,
		publishedAt: row.publishedAt!.toISOString(),
		withdrawnAt: row.withdrawnAt?.toISOString() ?? null,
		entries: (entries.get(row.id) ?? []).map((e) => ({
			id: e.id,
			kind: e.kind,
			at: e.at.toISOString(),
			texts: e.texts,
			corrects: e.corrects,
			incidentStatus: e.incidentStatus,
			reason: e.reason
		}))
	}));
}
