/**
 * The programmes' clock work, each round: systems' downtimes announced days ahead and their contacts reminded the
 * day before (announce.service), and each programme's counts kept once per ISO week (the first round after a
 * week begins, or after an instance takes the lease over). Runs on one instance of the cluster, under a lease
 * (see app.ts), on the clock of its context.
 */
import type { Ctx } from '../context';
import { log } from '../observability/log';
import { Rounds } from '../rounds';
import { announceDue } from './announce.service';
import { takeDueSnapshots } from './progress.service';

/** How often the scheduler looks: an announcement or a reminder goes within this of falling due. */
export const PROGRAMMES_EVERY_MS = 60_000;
/** How often it looks for a week without its snapshot (weekly work: not every round). */
export const SNAPSHOTS_EVERY_MS = 15 * 60_000;

export class ProgrammeScheduler {
	readonly #rounds: Rounds;
	#snapshotsAt = 0;

	constructor(ctx: Ctx, everyMs = PROGRAMMES_EVERY_MS) {
		this.#rounds = new Rounds({
			clock: ctx.clock,
			everyMs,
			round: async () => {
				await announceDue(ctx).catch((err) => log.error({ err }, 'announcing downtimes failed'));
				if (ctx.clock.now() < this.#snapshotsAt) return;
				this.#snapshotsAt = ctx.clock.now() + SNAPSHOTS_EVERY_MS;
				await takeDueSnapshots(ctx);
			},
			failed: 'taking weekly snapshots failed',
			// A wave built, or the days ahead changed, may make an announcement due now, not a minute later.
			wakeOn: {
				bus: ctx.bus,
				when: (e) => e.type === 'programme.wave_built' || e.type === 'programme.settings_changed'
			}
		});
	}

	start(): this {
		this.#rounds.start();
		return this;
	}

	run = (): Promise<void> => this.#rounds.run();
	close = (): Promise<void> => this.#rounds.close();
}
