/**
 * User notices on a live board: no board holds them (the notices pages and the service desk read them from the
 * server), so the slice only counts their events. Those pages watch `changes` and load again when it moves.
 */
import type { LiveSlice, Reducers } from './slices';

type NoticeEvents = 'notice.created' | 'notice.updated' | 'notice.published' | 'notice.settings_changed';

export class NoticesSlice implements LiveSlice<NoticeEvents> {
	/** How many notice events have arrived since the page was painted. */
	changes = $state(0);

	readonly #changed = () => {
		this.changes += 1;
	};

	readonly reducers: Reducers<NoticeEvents> = {
		'notice.created': this.#changed,
		'notice.updated': this.#changed,
		'notice.published': this.#changed,
		'notice.settings_changed': this.#changed
	};

	/** A rejoin far behind may have skipped notice events: count it as a change. */
	reset(): void {
		this.#changed();
	}
}
