/**
 * Coalesces high-rate changes per cutover into one publication: the first note arms a timer, later ones add
 * their keys, and the timer hands the keys noted meanwhile to `publish` (which reads their state and appends one
 * event through the write path). Transfer progress and metric samples each have one.
 */
import { systemClock, type Clock } from '../clock';
import { log } from '../observability/log';

export class CoalescingFeed {
	#pending = new Map<string, Set<string>>();
	#timers = new Map<string, unknown>();
	#running = new Set<Promise<void>>();

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
		if (!this.#timers.has(cutoverId))
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
			.finally(() => this.#running.delete(run));
		this.#running.add(run);
		return run;
	}

	/** Publishes what is pending now (on shutdown, and in tests that must not wait for the timer). */
	async flush(): Promise<void> {
		for (const [cutoverId, timer] of this.#timers) {
			this.clock.clearTimeout(timer);
			void this.#flush(cutoverId);
		}
		await Promise.all(this.#running);
	}

	/** Resolves once the publications under way have finished (tests that move a manual clock wait for them). */
	async idle(): Promise<void> {
		await Promise.all(this.#running);
	}
}
