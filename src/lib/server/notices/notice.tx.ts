/**
 * What other areas may read and change of notices inside their own transaction: the catalogue asks which services
 * a maintenance in progress holds, and a decision's go, rollback or extension leaves a draft for comms staff. A
 * leaf: it imports no other area.
 */
import {
	DEFAULT_NOTICE_SETTINGS,
	noticeRef,
	type NoticeSettings,
	type NoticeTexts
} from '../../shared/notices/rules';
import type { NoticeView } from '../../shared/schemas/notices';
import type { Db, Tx } from '../db/client';
import type { CutoverRow } from '../db/schema';
import type { CutoverWriter } from '../events/event.service';
import * as q from './notice.queries';
import { noticeToView } from './views';

/** A cutover's notice settings, whole (a row written before a setting existed lacks it). */
export const noticeSettingsOf = (cutover: Pick<CutoverRow, 'noticeSettings'>): NoticeSettings => ({
	...DEFAULT_NOTICE_SETTINGS,
	...cutover.noticeSettings
});

/** The services a published maintenance in progress holds, each with that notice's reference (the first one). */
export async function servicesUnderMaintenance(db: Db | Tx, cutoverId: string): Promise<Map<string, string>> {
	const out = new Map<string, string>();
	for (const m of await q.maintenancesInProgress(db, cutoverId))
		for (const key of m.services) if (!out.has(key)) out.set(key, noticeRef(m.number));
	return out;
}

/**
 * Inside another area's write: a draft with `texts`, from `origin` (a decision's key, a system's), recorded as
 * `notice.created` after the write's other events. Of kind info, or a planned maintenance when it has a window.
 */
export async function draftNotice(
	w: CutoverWriter,
	draft: {
		origin: string;
		texts: NoticeTexts;
		by: string;
		at: Date;
		maintenance?: { startsAt: Date; endsAt: Date };
	}
): Promise<{ id: string; notice: NoticeView }> {
	const row = await q.insertNotice(w.tx, {
		cutoverId: w.cutover.id,
		number: await q.nextNoticeNumber(w.tx, w.cutover.id),
		kind: draft.maintenance ? 'maintenance' : 'info',
		maintenanceStartsAt: draft.maintenance?.startsAt ?? null,
		maintenanceEndsAt: draft.maintenance?.endsAt ?? null,
		texts: draft.texts,
		origin: draft.origin,
		createdBy: draft.by,
		createdAt: draft.at
	});
	const notice = noticeToView(row, [], noticeSettingsOf(w.cutover), null, draft.at.getTime());
	w.record('notice.created', { notice });
	return { id: row.id, notice };
}
