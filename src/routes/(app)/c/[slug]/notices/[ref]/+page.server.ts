import { getBoardSnapshot } from '$lib/server/board/board-snapshot';
import { loaded, signedIn } from '$lib/server/http/form';
import { renderNoticeBodies } from '$lib/server/notices/markdown';
import { getNotice, getNoticeSettings } from '$lib/server/notices/notice.service';
import { NOTICES_DEPENDENCY } from '$lib/components/notices/notice-lists';
import type { NoticeTextsView } from '$lib/shared/schemas/notices';
import {
	approveAction,
	editAction,
	entryAction,
	publishAction,
	submitAction,
	withdrawAction
} from '../notice-actions.server';
import type { Actions, PageServerLoad } from './$types';

/** Each language's body as the one renderer makes it (sanitized HTML), for the preview and the timeline. */
const renderedBodies = (texts: NoticeTextsView) =>
	renderNoticeBodies({ fi: texts.fi?.body, sv: texts.sv?.body, en: texts.en?.body });

/** One notice with its state, its public timeline and its texts rendered; loaded again on a notice event. */
export const load: PageServerLoad = async ({ locals, params, parent, depends }) => {
	await parent(); // the (app) layout sends visitors who are not signed in to the login page
	depends(NOTICES_DEPENDENCY);
	const actor = signedIn(locals);
	return loaded(async () => {
		// getNotice answers 404 for a reference that is not there.
		const [snapshot, notice, settings] = await Promise.all([
			getBoardSnapshot(locals.app, actor, params.slug),
			getNotice(locals.app, actor, params.slug, params.ref),
			getNoticeSettings(locals.app, actor, params.slug)
		]);
		return {
			snapshot,
			notice,
			settings,
			preview: renderedBodies(notice.texts),
			entryBodies: Object.fromEntries(notice.entries.map((e) => [e.id, renderedBodies(e.texts)])),
			now: Date.now()
		};
	});
};

export const actions: Actions = {
	edit: editAction,
	submit: submitAction,
	approve: approveAction,
	publish: publishAction,
	entry: entryAction,
	withdraw: withdrawAction
};
