/**
 * The room's part in the demo's opening: once the go is recorded it opens the stages at the minutes the load
 * follows (internal users half an hour after the go, then 10 %, half, and everyone at the demo's "08:00"), each
 * as soon as its time has come and its gate passed, with a note; a gate still shut ten simulated minutes after
 * its slot is overridden with the reason, as a room under time pressure does. When the users arrive at once and
 * the web tier turns critical, it restricts the expert marketplace for the day (scenario 1). Every act goes
 * through the opening service, as the operator's board does.
 */
import type { Actor } from '../auth/actor';
import type { Ctx } from '../context';
import { ConflictError, DomainError } from '../errors';
import { advanceOpening, getOpening, restrictPart } from '../opening/opening.service';
import { SPIKE_AFTER_GO_MINUTES } from './simulator-load';

/** Simulated minutes after the go when each stage is opened (the load steps up two minutes later). */
export const STAGE_AFTER_GO_MINUTES = [30, 60, 90, 120];
/** How long the room waits on a shut gate before it overrides it. */
const OVERRIDE_AFTER_MINUTES = 10;
/** When the room restricts the marketplace: the web tier has been past its critical line for a while. */
const RESTRICT_AFTER_GO_MINUTES = SPIKE_AFTER_GO_MINUTES + 8;

const OVERRIDE = 'The gate is still shut at its slot; the room accepts the risk and watches the load';

const NOTES = [
	'Internal users in: staff and partner testers sign in first',
	'Ten percent of the public through the waiting room',
	'Half of the public through the waiting room',
	'Everyone: the waiting room switched off'
];

export interface OpeningPlay {
	tick(now: number, goAt: number | null): Promise<void>;
}

export function openingPlay(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	options: {
		real: (simMinutes: number) => number;
		running: () => boolean;
		log: (message: string) => void;
		due: (at: number) => void;
	}
): OpeningPlay {
	const { real, running, log, due } = options;
	/** When the play next has something to do: ticks before it read nothing (a catch-up has thousands). */
	let wakeAt = -Infinity;
	const wake = (at: number) => {
		wakeAt = Math.min(wakeAt, at);
		due(at);
	};

	async function attempt(what: string, act: () => Promise<unknown>): Promise<'done' | 'shut' | 'failed'> {
		try {
			await act();
			return 'done';
		} catch (err) {
			if (err instanceof ConflictError && err.reason === 'errors.openingGateShut') return 'shut';
			if (running())
				log(`[simulator] opening ${what}: ${err instanceof DomainError ? err.message : String(err)}`);
			return 'failed';
		}
	}

	return {
		async tick(now, goAt) {
			if (goAt === null || !running() || now < wakeAt) return;
			wakeAt = Infinity;
			const opening = await getOpening(ctx, actor, slug).catch(() => null);
			if (!opening) return;
			const stage = opening.reached;
			if (opening.held) wake(now + real(2));
			else if (stage < opening.stages.length && stage < STAGE_AFTER_GO_MINUTES.length) {
				const slot = goAt + real(STAGE_AFTER_GO_MINUTES[stage]);
				const notBefore = opening.stages[stage].notBefore;
				const from = Math.max(slot, notBefore === null ? 0 : Date.parse(notBefore));
				if (now < from) wake(from);
				else {
					const input = { note: NOTES[stage], expectedStage: stage };
					const override = now >= from + real(OVERRIDE_AFTER_MINUTES) ? OVERRIDE : undefined;
					const result = await attempt('advance', () =>
						advanceOpening(ctx, actor, slug, { ...input, override })
					);
					// Opened: the next stage's turn at the next tick. Shut: a look again every couple of minutes.
					wake(result === 'done' ? now : Math.min(now + real(2), from + real(OVERRIDE_AFTER_MINUTES)));
				}
			}
			if (opening.restrictions.some((r) => r.part === 'market')) return;
			const restrictAt = goAt + real(RESTRICT_AFTER_GO_MINUTES);
			if (now < restrictAt) return wake(restrictAt);
			await attempt('restrict', () =>
				restrictPart(ctx, actor, slug, {
					part: 'market',
					note: 'Web tier past capacity: the expert marketplace restricted for the day to free capacity for citizens'
				})
			);
		}
	};
}
