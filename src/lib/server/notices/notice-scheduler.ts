/**
 * Publishes scheduled notices when they fall due and moves published maintenances from upcoming to in progress to
 * completed, each with its event (and its services' `service.updated`). Runs on one instance of the cluster, under
 * a lease (see app.ts), on the clock of its context, which tests replace with their own.
 */
import type { Ctx } from '../context';
import { log } from '../observability/log';
import { advanceNotice, dueNotices } from './notice.service';

/** How often due notices are looked for: a scheduled notice goes out, and a maintenance moves, within this. */
export const NOTICES_EVERY_MS = 10_000;

export class NoticeScheduler {
	#timer: unknown = null;
	#running: Promise<void> | null = null;
	#again = false;
	#closed = false;

	constructor(
		private readonly ctx: Ctx,
		private readonly everyMs = NOTICES_EVERY_MS
	) {}

	start(): this {
		this.#timer = this.ctx.clock.setInterval(() => void this.run(), this.everyMs);
		return this;
	}

	/**
	 * One round now. Asked while one runs, it runs once more after it (what is due may have changed since that round
	 * looked); the promise settles when no round is left to run.
	 */
	run(): Promise<void> {
		if (this.#running) {
			this.#again = true;
			return this.#running;
		}
		this.#running = (async () => {
			do {
				this.#again = false;
				await this.#round().catch((err) => log.error({ err }, 'moving notices on failed'));
			} while (this.#again && !this.#closed);
		})().finally(() => (this.#running = null));
		return this.#running;
	}

	async #round(): Promise<void> {
		for (const { cutoverId, ref } of await dueNotices(this.ctx))
			await advanceNotice(this.ctx, cutoverId, ref).catch((err) =>
				log.error({ err, cutoverId, ref }, 'moving a notice on failed')
			);
	}

	async close(): Promise<void> {
		this.#closed = true;
		if (this.#timer !== null) this.ctx.clock.clearInterval(this.#timer);
		await this.#running;
	}
}
