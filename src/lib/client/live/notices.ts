/**
 * User notices on a live board: no board shows them (the notices pages read them from the server), so their
 * events only reach the activity feed, which the core keeps. The slice reduces them to nothing, as it must.
 */
import type { LiveSlice, Reducers } from './slices';

type NoticeEvents = 'notice.created' | 'notice.updated' | 'notice.published' | 'notice.settings_changed';

export class NoticesSlice implements LiveSlice<NoticeEvents> {
	readonly reducers: Reducers<NoticeEvents> = {
		'notice.created': () => {},
		'notice.updated': () => {},
		'notice.published': () => {},
		'notice.settings_changed': () => {}
	};

	reset(): void {}
}
