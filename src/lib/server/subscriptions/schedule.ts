/**
 * When the sender sends: at most a configured number of messages a second (a token bucket, so a burst after a
 * quiet spell is one second's worth at most), and a failed message again after a growing wait, for hours, as
 * webhook senders do (the waits are the webhooks'), before it is given up.
 */
import { MAX_ATTEMPTS, retryDelay } from '../../shared/webhooks/schedule';

export { MAX_ATTEMPTS };

/** When a message whose `attempts`-th attempt failed at `now` is tried again, or null: it is given up. */
export function nextAttemptAt(attempts: number, now: number): number | null {
	const delay = retryDelay(attempts);
	return delay === null ? null : now + delay;
}

/** `rate` sends a second, on the sender's clock; never more than one second's worth at once. */
export class SendBudget {
	#tokens: number;
	#at: number;

	constructor(
		private readonly rate: number,
		now: number
	) {
		this.#tokens = rate;
		this.#at = now;
	}

	/** How many may be sent now (the whole number of tokens available). */
	available(now: number): number {
		this.#tokens = Math.min(this.rate, this.#tokens + ((now - this.#at) / 1000) * this.rate);
		this.#at = Math.max(this.#at, now);
		return Math.floor(this.#tokens);
	}

	/** `count` sent (or claimed to be sent). */
	spend(count: number): void {
		this.#tokens -= count;
	}

	/** How long until `count` (at most a second's worth) may be sent, in ms (0: now). */
	waitMs(now: number, count = 1): number {
		this.available(now);
		const wanted = Math.min(count, this.rate);
		return this.#tokens >= wanted ? 0 : Math.ceil(((wanted - this.#tokens) / this.rate) * 1000);
	}
}
