/** Clocks a test controls or watches, in place of the scheduler's real one. */
import { systemClock, type Clock } from '../clock';

interface ManualTimer {
	at: number;
	run: () => void;
	every: number | null;
}

/** A clock that moves only when the test says so; its timers run in order of their due time as it moves. */
export class ManualClock implements Clock {
	#now: number;
	#timers = new Map<number, ManualTimer>();
	#ids = 0;

	constructor(start: number) {
		this.#now = start;
	}

	now = () => this.#now;

	setTimeout = (run: () => void, ms: number) =>
		this.#add({ at: this.#now + Math.max(0, ms), run, every: null });
	setInterval = (run: () => void, ms: number) => this.#add({ at: this.#now + ms, run, every: ms });
	clearTimeout = (timer: unknown) => void this.#timers.delete(timer as number);
	clearInterval = (timer: unknown) => void this.#timers.delete(timer as number);

	/** Timers waiting to run. */
	get pending(): number {
		return this.#timers.size;
	}

	/** Moves time forward, running each timer that falls due on the way (a repeating one as often as it falls due). */
	advance(ms: number): void {
		const end = this.#now + ms;
		for (;;) {
			const due = [...this.#timers.entries()]
				.filter(([, t]) => t.at <= end)
				.sort(([, a], [, b]) => a.at - b.at)[0];
			if (!due) break;
			const [id, timer] = due;
			this.#now = timer.at;
			if (timer.every === null) this.#timers.delete(id);
			else timer.at += timer.every;
			timer.run();
		}
		this.#now = end;
	}

	#add(timer: ManualTimer): number {
		this.#timers.set(++this.#ids, timer);
		return this.#ids;
	}
}

/**
 * The real clock, watched: counts the timers that ran and those still waiting, so a test can wait for a number of
 * a scheduler's rounds, or see that nothing is left to run, instead of sleeping.
 */
export class WatchedClock implements Clock {
	#pending = new Set<unknown>();
	#fired = 0;
	#waiters: { count: number; resolve: () => void }[] = [];

	now = () => systemClock.now();

	setTimeout = (run: () => void, ms: number) => {
		const timer = systemClock.setTimeout(() => {
			this.#pending.delete(timer);
			this.#fire(run);
		}, ms);
		this.#pending.add(timer);
		return timer;
	};
	clearTimeout = (timer: unknown) => {
		this.#pending.delete(timer);
		systemClock.clearTimeout(timer);
	};
	setInterval = (run: () => void, ms: number) => {
		const timer = systemClock.setInterval(() => this.#fire(run), ms);
		this.#pending.add(timer);
		return timer;
	};
	clearInterval = (timer: unknown) => {
		this.#pending.delete(timer);
		systemClock.clearInterval(timer);
	};

	/** Timers (and intervals) waiting to run. */
	get pending(): number {
		return this.#pending.size;
	}

	/** Resolves once `count` more timers have run. */
	fired(count: number): Promise<void> {
		return new Promise((resolve) => this.#waiters.push({ count: this.#fired + count, resolve }));
	}

	#fire(run: () => void) {
		this.#fired++;
		run();
		this.#waiters = this.#waiters.filter((w) => (w.count <= this.#fired ? (w.resolve(), false) : true));
	}
}
