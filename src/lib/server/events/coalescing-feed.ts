/**
 * Coalesces high-rate changes per cutover into one publication: the first note arms a timer, later ones add
 * their keys, and the timer hands the keys noted meanwhile to `publish` (which reads their state and appends one
 * event through the write path). Transfer progress and metric samples each have one. A cutover has one
 * publication under way at a time: what is noted meanwhile waits for it, then for the usual pause. Publications
 * started on a clock regardless queued on the cutover's lock once one took longer than the pause, each holding a
 * database connection, until the pool was spent and pushes waited behind them.
 */
import { systemClock, type Clock } from '../clock';
import { log } from '../observability/log';

export class CoalescingFeed {
	#pending = new Map<string, Set<string>>();
	#timers = new Map<string, unknown>();
	/** The publication under way, by cutover. */
	#running = new Map<string, Promise<void>>();

	constructor(
		/** What is published, for the log when a publication fails. */
		private readonly what: string,
		private readonly publish: (cutoverId: string, keys: string[]) => Promise<void>,
		private readonly everyMs: number,
		private readonly clock: Clock = systemClock
	) {}

	note(cutoverId: string, key: string): void {
		this.noteAll(cutoverId, [key]);
	}

	noteAll(cutoverId: string, keys: Iterable<string>): void {
		let pending = this.#pending.get(cutoverId);
		if (!pending) this.#pending.set(cutoverId, (pending = new Set()));
		for (const key of keys) pending.add(key);
		if (!this.#timers.has(cutoverId) && !this.#running.has(cutoverId)) this.#arm(cutoverId);
	}

	#arm(cutoverId: string): void {
		this.#timers.set(
			cutoverId,
			this.clock.setTimeout(() => void this.#flush(cutoverId), this.everyMs)
		);
	}

	#flush(cutoverId: string): Promise<void> {
		this.#timers.delete(cutoverId);
		const keys = this.#pending.get(cutoverId);
		this.#pending.delete(cutoverId);
		if (!keys?.size) return Promise.resolve();
		const run = this.publish(cutoverId, [...keys])
			.catch((err) => log.error({ err }, `publishing ${this.what} failed`))
			.finally(() => {
				this.#running.delete(cutoverId);
				if (this.#pending.get(cutoverId)?.size) this.#arm(cutoverId);
			});
		this.#running.set(cutoverId, run);
		return run;
	}

	/**
	 * Publishes what is pending now, and what is noted while a publication under way finishes (on shutdown, and
	 * in tests that must not wait for the timer).
	 */
	async flush(): Promise<void> {
		for (;;) {
			for (const [cutoverId, timer] of this.#timers) {
				this.clock.clearTimeout(timer);
				void this.#flush(cutoverId);
			}
			if (this.#running.size === 0) return;
			await Promise.all(this.#running.values());
		}
	}

	/** Resolves once the publications under way have finished (tests that move a manual clock wait for them). */
	async idle(): Promise<void> {
		await Promise.all(this.#running.values());
	}
}
