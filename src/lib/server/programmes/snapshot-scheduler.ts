/**
 * Keeps each programme's counts once per ISO week: every round takes the current week's snapshot of the
 * programmes that have none yet (the first round after a week begins, or after an instance takes the lease over).
 * Runs on one instance of the cluster, under a lease (see app.ts), on the clock of its context.
 */
import type { Ctx } from '../context';
import { log } from '../observability/log';
import { takeDueSnapshots } from './progress.service';

/** How often the scheduler looks for a week without its snapshot. */
export const SNAPSHOTS_EVERY_MS = 15 * 60_000;

export class SnapshotScheduler {
	#timer: unknown = null;
	#running: Promise<void> | null = null;

	constructor(
		private readonly ctx: Ctx,
		private readonly everyMs = SNAPSHOTS_EVERY_MS
	) {}

	start(): this {
		this.#timer = this.ctx.clock.setInterval(() => void this.run(), this.everyMs);
		return this;
	}

	/** One round now (or the one running). */
	run(): Promise<void> {
		this.#running ??= takeDueSnapshots(this.ctx)
			.then(() => undefined)
			.catch((err) => log.error({ err }, 'taking weekly snapshots failed'))
			.finally(() => (this.#running = null));
		return this.#running;
	}

	async close(): Promise<void> {
		if (this.#timer !== null) this.ctx.clock.clearInterval(this.#timer);
		await this.#running;
	}
}
