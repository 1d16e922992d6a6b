/**
 * The post-event report of a cutover or a wave, composed above the areas: the board (runbook, forecast history,
 * window changes, decisions, incidents) with the notices published and, for a wave, its systems' sign-offs
 * (programmes). The print page and the Markdown export both read it.
 */
import { translator, type Locale } from '../../shared/i18n';
import { postEventMarkdown, postEventModel, type PostEventModel } from '../../shared/reports/post-event';
import type { Actor } from '../auth/actor';
import type { Ctx } from '../context';
import { listNotices } from '../notices/notice.service';
import { waveSignoffs } from '../programmes/wave-signoffs.service';
import { getBoardSnapshot } from './board-snapshot';

/** What the post-event report says, texts of notices in `locale`. */
export async function postEventReport(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	locale: Locale
): Promise<PostEventModel> {
	const snapshot = await getBoardSnapshot(ctx, actor, slug);
	const notices = await listNotices(ctx, actor, slug);
	const signoffs = await waveSignoffs(ctx, actor, slug);
	return postEventModel({ ...snapshot, notices, signoffs }, locale);
}

/** The post-event report as a Markdown download, headings in `locale`. */
export async function exportPostEventReport(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	locale: Locale
): Promise<{ filename: string; contentType: string; body: string }> {
	const model = await postEventReport(ctx, actor, slug, locale);
	return {
		filename: `${slug}-post-event-report.md`,
		contentType: 'text/markdown; charset=utf-8',
		body: postEventMarkdown(translator(locale), model)
	};
}
