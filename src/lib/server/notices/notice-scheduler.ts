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

	constructor(
		private readonly ctx: Ctx,
		private readonly everyMs = NOTICES_EVERY_MS
	) {}

	start(): this {
		this.#timer = this.ctx.clock.setInterval(() => void this.run(), this.everyMs);
		return this;
	}

	/** One round now. A round still running is not started twice. */
	run(): Promise<void> {
		this.#running ??= this.#round()
			.catch((err) => log.error({ err }, 'moving notices on failed'))
			.finally(() => (this.#running = null));
		return this.#running;
	}

	async #round(): Promise<void> {
		for (const { cutoverId, ref } of await dueNotices(this.ctx))
			await advanceNotice(this.ctx, cutoverId, ref).catch((err) =>
				log.error({ err, cutoverId, ref }, 'moving a notice on failed')
			);
	}

	async close(): Promise<void> {
		if (this.#timer !== null) this.ctx.clock.clearInterval(this.#timer);
		await this.#running;
	}
}
