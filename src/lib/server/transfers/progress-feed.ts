import type { Clock } from '../clock';
import { CoalescingFeed } from '../events/coalescing-feed';

/** How often at most a cutover's boards hear of transfer progress, however often scripts report. */
export const PROGRESS_EVERY_MS = 500;

/**
 * Coalesces progress reports per cutover: the timer hands the streams that moved to `publish` (which reads their
 * state and appends one `transfer.progressed` event).
 */
export class ProgressFeed extends CoalescingFeed {
	constructor(
		publish: (cutoverId: string, transferKeys: string[]) => Promise<void>,
		everyMs = PROGRESS_EVERY_MS,
		clock?: Clock
	) {
		super('transfer progress', publish, everyMs, clock);
	}
}
