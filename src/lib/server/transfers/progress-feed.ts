import type { TransferView } from '../../shared/schemas/transfers';

/** How often at most a cutover's boards hear of transfer progress, however often scripts report. */
export const PROGRESS_EVERY_MS = 500;
/** Chart points carried per stream in one event. */
const POINTS_PER_EVENT = 20;

/**
 * Coalesces progress reports per cutover: the first report arms a timer, later ones replace the stream's state
 * and add to its new points, and the timer hands everything pending to `publish` (which appends one event).
 */
export class ProgressFeed {
	#pending = new Map<string, Map<string, TransferView>>();
	#timers = new Map<string, ReturnType<typeof setTimeout>>();
	#running = new Set<Promise<void>>();

	constructor(
		private readonly publish: (cutoverId: string, transfers: TransferView[]) => Promise<void>,
		private readonly everyMs = PROGRESS_EVERY_MS
	) {}

	note(cutoverId: string, view: TransferView): void {
		let streams = this.#pending.get(cutoverId);
		if (!streams) this.#pending.set(cutoverId, (streams = new Map()));
		const before = streams.get(view.key);
		const history =
			before && before.series === view.series ? [...before.history, ...view.history] : view.history;
		// A reset inside the window: the event carries the new series whole, so clients replace theirs.
		streams.set(view.key, { ...view, history: history.slice(-POINTS_PER_EVENT) });
		if (!this.#timers.has(cutoverId))
			this.#timers.set(
				cutoverId,
				setTimeout(() => this.#flush(cutoverId), this.everyMs)
			);
	}

	#flush(cutoverId: string): Promise<void> {
		this.#timers.delete(cutoverId);
		const streams = this.#pending.get(cutoverId);
		this.#pending.delete(cutoverId);
		if (!streams?.size) return Promise.resolve();
		const run = this.publish(cutoverId, [...streams.values()])
			.catch((err) => console.error('publishing transfer progress failed', err))
			.finally(() => this.#running.delete(run));
		this.#running.add(run);
		return run;
	}

	/** Publishes what is pending now (on shutdown, and in tests that must not wait for the timer). */
	async flush(): Promise<void> {
		for (const [cutoverId, timer] of this.#timers) {
			clearTimeout(timer);
			void this.#flush(cutoverId);
		}
		await Promise.all(this.#running);
	}
}
