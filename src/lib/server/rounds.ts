/**
 * Work done in rounds by the instance holding its lease (the outbox's sender, the webhook dispatcher, the notice
 * and programme schedulers): a round every `everyMs`, on news from the bus, or when asked. Asked while a round
 * runs, it runs once more after it (the news may have come after that round looked); a round that says more is
 * due now runs again too. `run` settles when no round is left to run; `close` stops the timer and the news and
 * waits for the round running.
 */
import type { CutoverEvent } from '../shared/events';
import type { Clock } from './clock';
import type { EventBus } from './events/event-bus';
import { log } from './observability/log';

export interface RoundsOptions {
	clock: Clock;
	everyMs: number;
	/** One round; true when more may be due at once. Its failure is logged as `failed`, and the next round tries. */
	round: () => Promise<boolean | void>;
	failed: string;
	/** The news that may make work due now. */
	wakeOn?: { bus: EventBus; when: (event: CutoverEvent) => boolean };
}

export class Rounds {
	#timer: unknown = null;
	#unsubscribe: (() => void) | null = null;
	#running: Promise<void> | null = null;
	#again = false;
	#closed = false;

	constructor(private readonly options: RoundsOptions) {}

	get closed(): boolean {
		return this.#closed;
	}

	start(): this {
		const { clock, everyMs, wakeOn } = this.options;
		this.#timer = clock.setInterval(() => void this.run(), everyMs);
		this.#unsubscribe = wakeOn?.bus.subscribe((_, event) => wakeOn.when(event) && void this.run()) ?? null;
		return this;
	}

	run(): Promise<void> {
		if (this.#running) {
			this.#again = true;
			return this.#running;
		}
		this.#running = (async () => {
			do {
				this.#again = false;
				const more = await this.options.round().catch((err) => {
					log.error({ err }, this.options.failed);
					return false;
				});
				if (more) this.#again = true;
			} while (this.#again && !this.#closed);
		})().finally(() => (this.#running = null));
		return this.#running;
	}

	async close(): Promise<void> {
		this.#closed = true;
		if (this.#timer !== null) this.options.clock.clearInterval(this.#timer);
		this.#unsubscribe?.();
		await this.#running;
	}
}
