/**
 * The steering group's part in the demo. Criteria owners mark a criterion met when the task that produces its
 * evidence is done. At a checkpoint, the members vote while the meeting (the checkpoint task) runs and the chair
 * records the go, which completes the task. When the forecast says the window is at risk (the slow customer
 * data, as in scenario 1), the group opens an extension point, votes, and the chair extends the window to the
 * forecast's P90 end plus an hour, once per demo. Votes and outcomes go through the decision service as the
 * members themselves, the same path as their phones. The play's time is the `now` of each tick (and the clock of
 * the ctx it writes through): while the simulator catches up on the past, a virtual one.
 */
import { opensTheGate, standingOutcome, tally } from '../../shared/decisions';
import type { DecisionView } from '../../shared/schemas/decisions';
import type { TaskView } from '../../shared/schemas/runbook';
import { formatDuration, instantToWallTime } from '../../shared/time';
import { systemActor, type Actor } from '../auth/actor';
import { actorOfUsername } from '../auth/auth.service';
import type { Ctx } from '../context';
import {
	castVote,
	listDecisions,
	openDecision,
	recordOutcome,
	updateCriterion
} from '../decisions/decision.service';
import { DomainError } from '../errors';
import { getForecast } from '../forecast/forecast.service';
import { SAMPLE_CHAIR, SAMPLE_CRITERIA, SAMPLE_STEERING } from './sample-steering';

export const EXTENSION_DECISION = 'EXT';
const MINUTE = 60_000;

export interface SteeringPlay {
	/** Checkpoint tasks whose gate is still closed: the chair's go completes them, not the simulator. */
	readonly gated: ReadonlySet<string>;
	tick(tasks: readonly TaskView[], now: number): Promise<void>;
}

export function steeringPlay(
	ctx: Ctx,
	slug: string,
	options: {
		timeZone: string;
		/** Real milliseconds of `simMinutes` simulated minutes. */
		real: (simMinutes: number) => number;
		/** Real milliseconds a task runs in the play. */
		runOf: (task: TaskView) => number;
		running: () => boolean;
		log: (message: string) => void;
		/** Tells the simulator when the play next has something to do (a vote, an outcome). */
		due?: (at: number) => void;
	}
): SteeringPlay {
	const { timeZone, real, runOf, running, log, due = () => {} } = options;
	const system = systemActor('Simulator');
	const actors = new Map<string, Actor | null>();
	let gated = new Set<string>();
	let extensionOpened = false;
	let forecastReadAt = -Infinity;
	const wall = (at: number | string) =>
		instantToWallTime(typeof at === 'string' ? Date.parse(at) : at, timeZone).replace('T', ' ');

	async function member(username: string): Promise<Actor | null> {
		if (!actors.has(username)) {
			actors.set(username, await actorOfUsername(ctx, username));
		}
		return actors.get(username)!;
	}

	/** Runs one write; a refusal (a user acted first, the database is closing) is noted and the play goes on. */
	async function attempt(what: string, write: () => Promise<unknown>): Promise<boolean> {
		if (!running()) return false;
		try {
			await write();
			return true;
		} catch (err) {
			if (running()) log(`[simulator] ${what}: ${err instanceof DomainError ? err.message : String(err)}`);
			return false;
		}
	}

	async function markEvidence(decision: DecisionView, tasks: Map<string, TaskView>) {
		for (const criterion of decision.criteria) {
			if (criterion.state !== 'pending') continue;
			const evidence = SAMPLE_CRITERIA.find((c) => c.title === criterion.title)?.evidence;
			const task = evidence && 'task' in evidence ? tasks.get(evidence.task) : undefined;
			if (task?.status !== 'done') continue;
			await attempt(`criterion "${criterion.title}"`, () =>
				updateCriterion(ctx, system, slug, decision.key, criterion.id, {
					state: 'met',
					evidenceNote: `${task.key} ${task.title}: done ${wall(task.actualEnd!)}`,
					expectedVersion: criterion.version
				})
			);
		}
	}

	/**
	 * The meeting from `startedAt` for `length` real ms: each member votes go in turn once every criterion is met
	 * or waived, and the chair records the outcome near the end (once the quorum is there and nobody blocks).
	 */
	async function meet(
		decision: DecisionView,
		startedAt: number,
		length: number,
		now: number,
		outcome: () => Promise<unknown>
	) {
		if (decision.criteria.some((c) => c.state === 'pending' || c.state === 'not_met')) return;
		const voted = new Set(decision.votes.map((v) => v.voter));
		for (const [i, username] of decision.voters.entries()) {
			if (voted.has(username)) continue;
			const speaks = startedAt + length * (0.15 + 0.15 * i);
			if (now < speaks) {
				due(speaks);
				continue;
			}
			const actor = await member(username);
			if (!actor) continue;
			await attempt(`${username}'s vote on ${decision.key}`, () =>
				castVote(ctx, actor, slug, decision.key, { vote: 'go', comment: voteComment(decision) })
			);
			due(now); // the next one speaks in the next tick
			return; // one vote per tick, as people speak in turn
		}
		const t = tally(decision);
		const closes = startedAt + length * 0.85;
		if (now < closes) due(closes);
		if (now < closes || !t.quorumMet || t.blockedBy.length) return;
		// A go completes the checkpoint: what waits for it may start in the next tick.
		if (await attempt(`outcome of ${decision.key}`, outcome)) due(now);
	}

	const voteComment = (decision: DecisionView) =>
		decision.key === EXTENSION_DECISION
			? 'Better a later opening we can keep than an overrun.'
			: 'Readiness criteria met; acceptance report reviewed.';

	async function chair(): Promise<Actor> {
		return (await member(SAMPLE_CHAIR.username)) ?? system;
	}

	async function goAtCheckpoint(decision: DecisionView, task: TaskView | undefined, now: number) {
		if (task?.status !== 'in_progress' || !task.actualStart) return;
		await meet(decision, Date.parse(task.actualStart), runOf(task), now, async () =>
			recordOutcome(ctx, await chair(), slug, decision.key, {
				kind: 'go',
				rationale:
					'Every readiness criterion is met, the acceptance report has no open blocking defects and the ' +
					'forecast shows the opening inside the window. Go for the staged opening.',
				followUps: []
			})
		);
	}

	async function extend(decision: DecisionView, now: number) {
		await meet(decision, Date.parse(decision.createdAt), real(30), now, async () => {
			const { forecast } = await getForecast(ctx, system, slug);
			if (!forecast) return;
			const windowEnd = Date.parse(forecast.windowEnd);
			const p90 = Date.parse(forecast.p90);
			const to = Math.ceil(Math.max(p90, windowEnd) / MINUTE) * MINUTE + real(60);
			await recordOutcome(ctx, await chair(), slug, decision.key, {
				kind: 'extend',
				newWindowEnd: to,
				rationale:
					(p90 > windowEnd
						? `The forecast puts the P90 end at ${wall(p90)}, ${formatDuration((p90 - windowEnd) / MINUTE)} after the window end. `
						: `The forecast puts the P90 end at ${wall(p90)}, too close to the window end. `) +
					`Extending to ${wall(to)} keeps the staged opening inside the window rather than opening late.`,
				followUps: []
			});
		});
	}

	/** The steering group convenes when the forecast first says the window is at risk. */
	async function watchForecast(decisions: DecisionView[], now: number) {
		if (extensionOpened || decisions.some((d) => d.key === EXTENSION_DECISION)) return;
		// Forecasts come at most about once a second (debounced), so there is no need to look more often.
		if (now - forecastReadAt < 1000) return;
		forecastReadAt = now;
		const { forecast } = await getForecast(ctx, system, slug);
		if (!forecast?.atRisk) return;
		extensionOpened = true;
		const drivers = forecast.drivers.slice(0, 3).map((d) => d.name);
		await attempt('opening the extension point', () =>
			openDecision(ctx, system, slug, {
				key: EXTENSION_DECISION,
				title: 'Extend the window?',
				description:
					`The forecast says the window is at risk: ${Math.round(forecast.probability * 100)} % ` +
					`probability of finishing inside it, P50 end ${wall(forecast.p50)}. ` +
					`It is driven by: ${drivers.join(', ')}.`,
				voters: SAMPLE_STEERING.map((m) => m.username),
				mandatoryVoters: [],
				chair: SAMPLE_CHAIR.username,
				quorum: 3,
				closesAt: null,
				criteria: [],
				reviews: null
			})
		);
	}

	return {
		get gated() {
			return gated;
		},
		async tick(tasks, now) {
			const decisions = await listDecisions(ctx, system, slug);
			gated = new Set(
				decisions
					.filter((d) => d.checkpointTask && !opensTheGate(standingOutcome(d.outcomes)?.kind))
					.map((d) => d.checkpointTask!)
			);
			const byKey = new Map(tasks.map((t) => [t.key, t]));
			for (const decision of decisions) {
				if (!running() || decision.status !== 'open') continue;
				await markEvidence(decision, byKey);
				if (decision.checkpointTask) await goAtCheckpoint(decision, byKey.get(decision.checkpointTask), now);
				else if (decision.key === EXTENSION_DECISION) await extend(decision, now);
			}
			if (running()) await watchForecast(decisions, now);
		}
	};
}
