/**
 * Pulls every due metric source of the cluster on a clock, while this instance holds the lease for it (see
 * app.ts). Each round asks the database which sources are due (never pulled, or their interval passed since
 * their last pull), so an instance that takes the lease over from a dead one pulls what that one left due at its
 * first round, within a pull interval of its last pull.
 */
import { systemClock, type Clock } from '../clock';
import type { Ctx } from '../context';
import { log } from '../observability/log';
import { pullSource } from './source-pull';
import { dueSources } from './source.queries';

/** How often the puller looks for due sources: a source is pulled at most this late after its interval. */
export const PULL_ROUND_MS = 1_000;

export class SourcePuller {
	#timer: unknown = null;
	#round: Promise<void> | null = null;
	/** Sources being pulled, by id: a slow one is not pulled again before its pull ends. */
	readonly #pulling = new Map<string, Promise<void>>();

	constructor(
		private readonly ctx: Ctx,
		private readonly clock: Clock = systemClock
	) {}

	start(): this {
		this.#timer = this.clock.setInterval(() => void this.run(), PULL_ROUND_MS);
		return this;
	}

	/** One round now: starts the pull of each due source, and resolves when they are done. */
	run(): Promise<void> {
		this.#round ??= this.#pullDue()
			.catch((err) => log.error({ err }, 'looking for due metric sources failed'))
			.finally(() => (this.#round = null));
		return this.#round;
	}

	async close(): Promise<void> {
		if (this.#timer !== null) this.clock.clearInterval(this.#timer);
		this.#timer = null;
		await this.#round;
		await Promise.all(this.#pulling.values());
	}

	async #pullDue(): Promise<void> {
		const now = this.clock.now();
		const due = (await dueSources(this.ctx.db, new Date(now))).filter((s) => !this.#pulling.has(s.id));
		const pulls = due.map((source) => {
			const pull = pullSource(this.ctx, source, now)
				.catch((err) => log.error({ err, source: source.key }, 'pulling a metric source failed'))
				.finally(() => this.#pulling.delete(source.id));
			this.#pulling.set(source.id, pull);
			return pull;
		});
		await Promise.all(pulls);
	}
}
