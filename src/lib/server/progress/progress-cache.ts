/**
 * The public progress views of this instance, in memory: every public programme's page in every language,
 * rendered once per change and then served to everyone. A committed `programme.*` or `cutover.*` event (a
 * system moved or signed off, a wave built or moved, a snapshot kept) or a change of notice settings (a
 * programme made public or not), on this instance or another, makes the next request render them again; so does
 * the clock, when a wave starts or ends. While the database cannot be read, the last pages rendered are served.
 */
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { NOTICE_LANGS } from '../../shared/notices/rules';
import { publicProgrammeSources } from '../programmes/progress.service';
import { StatusFile } from '../status/site';
import { SiteCache } from '../status/site-cache';
import { publicProgress } from './model';
import { renderProgressPage } from './page';
import { progressPath } from './paths';

const RELEVANT = /^(programme|cutover)\.|^notice\.settings_changed$/;

/** The pages by path (`/{lang}/progress/{slug}`). */
export type ProgressSite = ReadonlyMap<string, StatusFile>;

/** Every public programme's page in every language, as the database has them now. */
export async function renderProgressSite(
	db: Db,
	now: number
): Promise<{ site: ProgressSite; nextChangeAt: number | null }> {
	const site = new Map<string, StatusFile>();
	let nextChangeAt: number | null = null;
	for (const source of await publicProgrammeSources(db)) {
		const model = publicProgress(source, now);
		for (const lang of NOTICE_LANGS)
			site.set(
				progressPath(model.slug, lang),
				new StatusFile('text/html; charset=utf-8', Buffer.from(renderProgressPage(model, lang)))
			);
		if (model.nextChangeAt !== null) nextChangeAt = Math.min(nextChangeAt ?? Infinity, model.nextChangeAt);
	}
	return { site, nextChangeAt };
}

/** Every public programme's progress view in every language (a SiteCache). */
export class ProgressCache extends SiteCache<ProgressSite> {
	constructor(ctx: { db: Db; clock: Clock }) {
		super(ctx, {
			relevant: RELEVANT,
			what: 'the progress views',
			render: (now) => renderProgressSite(ctx.db, now)
		});
	}
}
