import { getBoardSnapshot } from '$lib/server/board/board-snapshot';
import { loaded, signedIn } from '$lib/server/http/form';
import { renderNoticeHtml } from '$lib/server/notices/markdown';
import { listNotices } from '$lib/server/notices/notice.service';
import { NOTICES_DEPENDENCY, currentNotices } from '$lib/components/notices/notice-lists';
import { NOTICE_LANGS } from '$lib/shared/notices/rules';
import type { PageServerLoad } from './$types';

/**
 * The service desk's view: every published notice still current, its latest text in each language rendered by
 * the one renderer; loaded again on a notice event.
 */
export const load: PageServerLoad = async ({ locals, params, parent, depends }) => {
	await parent(); // the (app) layout sends visitors who are not signed in to the login page
	depends(NOTICES_DEPENDENCY);
	const actor = signedIn(locals);
	return loaded(async () => {
		const [snapshot, notices] = await Promise.all([
			getBoardSnapshot(locals.app, actor, params.slug),
			listNotices(locals.app, actor, params.slug)
		]);
		const current = currentNotices(notices);
		return {
			snapshot,
			notices: current,
			bodies: Object.fromEntries(
				current.map((n) => [
					n.ref,
					Object.fromEntries(
						NOTICE_LANGS.flatMap((l) => {
							const text = n.texts[l];
							return text ? [[l, renderNoticeHtml(text.body)]] : [];
						})
					)
				])
			),
			now: Date.now()
		};
	});
};
