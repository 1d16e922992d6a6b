/**
 * What a live board says about itself: whether it is live, since when it has not been (after 2 s it shows itself
 * stale, and says so when it is live again), the clock it shows, and the message left by a join or a command.
 */
import type { RefusalMessage } from '../../shared/i18n';
import type { TaskStatus } from '../../shared/task-status';

export type LiveStatus = 'connecting' | 'live' | 'offline' | 'resyncing';

/** What the board tells the user after a move or a join (formatted by the components, in the UI's language). */
export type BoardMessage =
	| { kind: 'conflict'; key: string; status: TaskStatus }
	| { kind: 'refused'; key: string; refusal: RefusalMessage }
	| { kind: 'offline'; key: string }
	| { kind: 'error'; refusal: RefusalMessage };

/** Not live for this long and the board shows itself stale (a reconnect blip does not flash it). */
export const STALE_AFTER_MS = 2_000;
/** How long "live again" shows after a stale spell. */
const LIVE_AGAIN_SHOWN_MS = 6_000;

export class BoardStatus {
	#status = $state<LiveStatus>('connecting');
	/** Since when the board has not been live (connecting, offline or resyncing); null while it is. */
	notLiveSince = $state<number | null>(Date.now());
	/** The last return to live after a stale spell: when, and how long it was not live. */
	liveAgain = $state<{ at: number; afterMs: number } | null>(null);
	/** Client time of the last event applied or the last successful (re)join, in epoch ms. */
	lastUpdateAt = $state<number | null>(null);
	/** The clock, ticking every second while connected. */
	now = $state(Date.now());
	message = $state<BoardMessage | null>(null);

	constructor(now: number) {
		this.now = now;
	}

	get status(): LiveStatus {
		return this.#status;
	}

	set status(status: LiveStatus) {
		this.#status = status;
		const now = Date.now();
		if (status !== 'live') this.notLiveSince ??= now;
		else if (this.notLiveSince !== null) {
			const afterMs = now - this.notLiveSince;
			if (afterMs >= STALE_AFTER_MS) this.liveAgain = { at: now, afterMs };
			this.notLiveSince = null;
		}
	}

	/** Not live for a while: what the board shows may be out of date, and it says so. */
	get stale(): boolean {
		return this.notLiveSince !== null && Math.max(this.now, Date.now()) - this.notLiveSince >= STALE_AFTER_MS;
	}

	/** Just back from a stale spell (for a few seconds). */
	get backLive(): boolean {
		return this.liveAgain !== null && this.now - this.liveAgain.at < LIVE_AGAIN_SHOWN_MS;
	}

	dismissMessage(): void {
		this.message = null;
	}
}
