/**
 * Publishes scheduled notices when they fall due and moves published maintenances from upcoming to in progress to
 * completed, each with its event (and its services' `service.updated`). Runs on one instance of the cluster, under
 * a lease (see app.ts), on the clock of its context, which tests replace with their own.
 */
import type { Ctx } from '../context';
import { log } from '../observability/log';
import { Rounds } from '../rounds';
import { advanceNotice, dueNotices } from './notice.service';

/** How often due notices are looked for: a scheduled notice goes out, and a maintenance moves, within this. */
export const NOTICES_EVERY_MS = 10_000;

export class NoticeScheduler {
	readonly #rounds: Rounds;

	constructor(
		private readonly ctx: Ctx,
		everyMs = NOTICES_EVERY_MS
	) {
		this.#rounds = new Rounds({
			clock: ctx.clock,
			everyMs,
			round: () => this.#round(),
			failed: 'moving notices on failed'
		});
	}

	start(): this {
		this.#rounds.start();
		return this;
	}

	/** One round now; asked while one runs, once more after it. Settles when no round is left to run. */
	run = (): Promise<void> => this.#rounds.run();
	close = (): Promise<void> => this.#rounds.close();

	async #round(): Promise<void> {
		for (const { cutoverId, ref } of await dueNotices(this.ctx))
			await advanceNotice(this.ctx, cutoverId, ref).catch((err) =>
				log.error({ err, cutoverId, ref }, 'moving a notice on failed')
			);
	}
}
