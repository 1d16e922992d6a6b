import {
	maintenanceState,
	missingLanguages,
	noticeRef,
	type NoticeSettings
} from '../../shared/notices/rules';
import type { NoticeEntryView, NoticeView } from '../../shared/schemas/notices';
import type { NoticeEntryRow, NoticeRow } from '../db/schema';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const entryToView = (row: NoticeEntryRow): NoticeEntryView => ({
	id: row.id,
	kind: row.kind,
	at: row.at.toISOString(),
	by: row.actorName,
	texts: row.texts,
	corrects: row.corrects,
	incidentStatus: row.incidentStatus,
	reason: row.reason
});

/**
 * A notice as the editor and the API show it. A published maintenance's state is the one the scheduler recorded
 * (with its event); before publication it is where the window stands at `now`.
 */
export function noticeToView(
	row: NoticeRow,
	entries: readonly NoticeEntryRow[],
	settings: NoticeSettings,
	incident: string | null,
	now: number
): NoticeView {
	const window =
		row.maintenanceStartsAt && row.maintenanceEndsAt
			? {
					startsAt: row.maintenanceStartsAt.toISOString(),
					endsAt: row.maintenanceEndsAt.toISOString(),
					state:
						row.maintenanceState ??
						maintenanceState(row.maintenanceStartsAt.getTime(), row.maintenanceEndsAt.getTime(), now)
				}
			: null;
	return {
		ref: noticeRef(row.number),
		kind: row.kind,
		status: row.status,
		services: row.services,
		incident,
		texts: row.texts,
		missing: missingLanguages(row.texts, settings.requiredLanguages),
		maintenance: window,
		origin: row.origin,
		createdBy: row.createdBy,
		createdAt: row.createdAt.toISOString(),
		submittedBy: row.submittedBy,
		approvedBy: row.approvedBy,
		approvedAt: iso(row.approvedAt),
		publishAt: iso(row.publishAt),
		publishedAt: iso(row.publishedAt),
		withdrawnAt: iso(row.withdrawnAt),
		entries: entries.map(entryToView),
		version: row.version
	};
}
