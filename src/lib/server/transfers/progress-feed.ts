/** How often at most a cutover's boards hear of transfer progress, however often scripts report. */
import { log } from '../observability/log';
export const PROGRESS_EVERY_MS = 500;

/**
 * Coalesces progress reports per cutover: the first report arms a timer, later ones add their stream, and the
 * timer hands the streams that moved to `publish` (which reads their state and appends one event).
 */
export class ProgressFeed {
	#pending = new Map<string, Set<string>>();
	#timers = new Map<string, ReturnType<typeof setTimeout>>();
	#running = new Set<Promise<void>>();

	constructor(
		private readonly publish: (cutoverId: string, transferKeys: string[]) => Promise<void>,
		private readonly everyMs = PROGRESS_EVERY_MS
	) {}

	note(cutoverId: string, transferKey: string): void {
		let keys = this.#pending.get(cutoverId);
		if (!keys) this.#pending.set(cutoverId, (keys = new Set()));
		keys.add(transferKey);
		if (!this.#timers.has(cutoverId))
			this.#timers.set(
				cutoverId,
				setTimeout(() => this.#flush(cutoverId), this.everyMs)
			);
	}

	#flush(cutoverId: string): Promise<void> {
		this.#timers.delete(cutoverId);
		const keys = this.#pending.get(cutoverId);
		this.#pending.delete(cutoverId);
		if (!keys?.size) return Promise.resolve();
		const run = this.publish(cutoverId, [...keys])
			.catch((err) => log.error({ err }, 'publishing transfer progress failed'))
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
