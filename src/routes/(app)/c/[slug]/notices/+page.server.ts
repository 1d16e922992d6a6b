import { getBoardSnapshot } from '$lib/server/board/board-snapshot';
import { loaded, signedIn } from '$lib/server/http/form';
import { getNoticeSettings, listNotices } from '$lib/server/notices/notice.service';
import { NOTICES_DEPENDENCY } from '$lib/components/notices/notice-lists';
import { createAction, fillAction, settingsAction } from './notice-actions.server';
import type { Actions, PageServerLoad } from './$types';

/** The notices of a cutover, the form to draft one and the cutover's notice settings; loaded again on a notice event. */
export const load: PageServerLoad = async ({ locals, params, parent, depends }) => {
	await parent(); // the (app) layout sends visitors who are not signed in to the login page
	depends(NOTICES_DEPENDENCY);
	const actor = signedIn(locals);
	return loaded(async () => {
		const [snapshot, notices, settings] = await Promise.all([
			getBoardSnapshot(locals.app, actor, params.slug),
			listNotices(locals.app, actor, params.slug),
			getNoticeSettings(locals.app, actor, params.slug)
		]);
		return { snapshot, notices, settings, now: Date.now() };
	});
};

export const actions: Actions = {
	create: createAction,
	fill: fillAction,
	settings: settingsAction
};
