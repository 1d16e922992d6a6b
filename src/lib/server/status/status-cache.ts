/**
 * The public status site of this instance, in memory (a SiteCache): rendered once per change (every file, every
 * language) and then served to everyone. A committed `service.*`, `incident.*`, `notice.*` or `cutover.*` event
 * makes the next request render it again; so does the clock, when a maintenance starts or ends or a notice leaves
 * the history.
 */
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { publicIncidentState } from '../incidents/public.service';
import { publicCutovers, publicNotices } from '../notices/public.service';
import { HISTORY_DAYS, statusModel, type StatusModel } from './model';
import { SiteCache } from './site-cache';
import { renderSite, type StatusSite } from './site';

const DAY_MS = 86_400_000;

/** The events after which the public page may show something else. */
const RELEVANT = /^(service|incident|notice|cutover)\./;

/** The status page's model as the database has it now. */
export async function loadStatusModel(db: Db, now: number): Promise<StatusModel> {
	const cutovers = await publicCutovers(db);
	const ids = cutovers.map((c) => c.id);
	const [state, notices] = await Promise.all([
		publicIncidentState(db, ids),
		publicNotices(db, ids, new Date(now - HISTORY_DAYS * DAY_MS))
	]);
	return statusModel({ now, cutovers, services: state.services, incidents: state.incidents, notices });
}

/** The status site: every file of the public status page, from the model as the database has it now. */
export class StatusCache extends SiteCache<StatusSite> {
	constructor(
		ctx: { db: Db; clock: Clock },
		/** Makes the feeds' and documents' links absolute (the configured ORIGIN; empty: relative links). */
		origin: string
	) {
		super(ctx, {
			relevant: RELEVANT,
			what: 'the status page',
			render: async (now) => {
				const model = await loadStatusModel(ctx.db, now);
				return { site: renderSite(model, origin), nextChangeAt: model.nextChangeAt };
			}
		});
	}
}
