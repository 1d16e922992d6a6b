/**
 * The rules of a go/no-go decision point, pure so the server enforces and the UI explains the same ones:
 * the tally (each voter's latest vote), quorum, mandatory voters' blocking no-go, and when a vote or an outcome
 * is refused. A refusal is a reason (a key of the `errors` messages, whose English is the API's message) with
 * its params, or null when the action may go ahead.
 */
import type { Refusal } from './i18n';
import type {
	DecisionView,
	OutcomeInput,
	OutcomeView,
	Tally,
	VoteChoice,
	VoteView
} from './schemas/decisions';
import type { TaskStatus } from './task-status';

/** Each voter's latest vote, in the order votes were cast. */
export function latestVotes(votes: readonly VoteView[]): Map<string, VoteView> {
	const latest = new Map<string, VoteView>();
	for (const vote of votes) {
		latest.delete(vote.voter);
		latest.set(vote.voter, vote);
	}
	return latest;
}

export function tally(
	decision: Pick<DecisionView, 'voters' | 'mandatoryVoters' | 'quorum' | 'votes'>
): Tally {
	const latest = latestVotes(decision.votes.filter((v) => decision.voters.includes(v.voter)));
	const count = (choice: VoteChoice) => [...latest.values()].filter((v) => v.vote === choice).length;
	const cast = latest.size;
	return {
		go: count('go'),
		noGo: count('no_go'),
		abstain: count('abstain'),
		cast,
		voters: decision.voters.length,
		quorum: decision.quorum,
		quorumMet: cast >= decision.quorum,
		blockedBy: decision.mandatoryVoters.filter((m) => latest.get(m)?.vote === 'no_go'),
		waitingFor: decision.voters.filter((v) => !latest.has(v))
	};
}

/** The outcome that stands: the latest one that no later outcome supersedes. */
export function standingOutcome<O extends Pick<OutcomeView, 'id' | 'supersedes'>>(
	outcomes: readonly O[]
): O | null {
	const superseded = new Set(outcomes.map((o) => o.supersedes).filter(Boolean));
	for (let i = outcomes.length - 1; i >= 0; i--) if (!superseded.has(outcomes[i].id)) return outcomes[i];
	return null;
}

export function isClosed(decision: Pick<DecisionView, 'closesAt'>, now: number): boolean {
	return decision.closesAt !== null && Date.parse(decision.closesAt) <= now;
}

/** Why `voter` may not vote now, or null. */
export function voteRefusal(
	decision: Pick<DecisionView, 'voters' | 'closesAt' | 'outcomes'>,
	voter: string,
	now: number
): Refusal | null {
	if (!decision.voters.includes(voter)) return { reason: 'errors.notAVoter', params: { voter } };
	if (standingOutcome(decision.outcomes)) return { reason: 'errors.decisionMade' };
	if (isClosed(decision, now)) return { reason: 'errors.votingClosed' };
	return null;
}

/** Gates an outcome input against the point's state; the status says which kind of refusal it is. */
export function outcomeRefusal(
	decision: Pick<DecisionView, 'voters' | 'mandatoryVoters' | 'quorum' | 'votes' | 'outcomes'>,
	input: Pick<OutcomeInput, 'kind' | 'newWindowEnd' | 'supersedes'>,
	windowEnd: number
): (Refusal & { status: 400 | 409 }) | null {
	const standing = standingOutcome(decision.outcomes);
	if (input.supersedes) {
		if (!decision.outcomes.some((o) => o.id === input.supersedes))
			return { status: 400, reason: 'errors.supersedesUnknown' };
		if (standing?.id !== input.supersedes) return { status: 409, reason: 'errors.supersedesNotStanding' };
	} else if (standing) return { status: 409, reason: 'errors.outcomeExists' };
	// A go, or a go with a stated risk accepted, opens the gate: both need the quorum and no mandatory no-go.
	if (opensTheGate(input.kind)) {
		const t = tally(decision);
		if (t.blockedBy.length)
			return { status: 409, reason: 'errors.mandatoryNoGo', params: { voters: t.blockedBy.join(', ') } };
		if (!t.quorumMet)
			return { status: 409, reason: 'errors.noQuorum', params: { cast: t.cast, quorum: t.quorum } };
	}
	if (input.kind === 'extend' && input.newWindowEnd != null && input.newWindowEnd <= windowEnd)
		return { status: 400, reason: 'errors.extendNotLater' };
	return null;
}

/** Whether an outcome lets the checkpoint's successors start. */
export function opensTheGate(kind: OutcomeView['kind'] | undefined): boolean {
	return kind === 'go' || kind === 'accept_risk';
}

/**
 * Whether a checkpoint whose gate is closed is held at a move to `to`. Until the gate opens it may only start or
 * go back to not started: blocked, skipped or failed would read on the board as the gate passed while it holds,
 * and done is what the chair's go does. Only the decision moves it on, whoever asks and however forcefully.
 */
export function heldAtClosedCheckpoint(to: TaskStatus): boolean {
	return to !== 'not_started' && to !== 'in_progress';
}

/** Where a checkpoint task stands: the decision point that governs it and that point's state. */
export interface CheckpointState {
	/** The decision point's key and title. */
	key: string;
	title: string;
	/** open until an outcome stands, then the standing outcome's kind. */
	state: 'open' | OutcomeView['kind'];
	/** Whether the checkpoint may be done and the tasks after it start. */
	gateOpen: boolean;
	tally: Tally;
}

/** A decision point as far as its checkpoint is concerned. */
interface CheckpointPoint {
	checkpointTask: string | null;
	/** Opening order. */
	position: number;
	outcomes: readonly Pick<OutcomeView, 'id' | 'supersedes' | 'kind'>[];
}

/**
 * The rule of go/no-go checkpoints, for the server's gate and the board alike: each checkpoint task is governed
 * by the latest opened decision point that names it (e.g. a re-review after a no-go or ordered fixes), and its
 * gate is open once that point's standing outcome is a go (or a go with a stated risk accepted).
 */
export function governingPoints<P extends CheckpointPoint>(
	points: readonly P[]
): Map<string, { point: P; kind: OutcomeView['kind'] | null; open: boolean }> {
	const governing = new Map<string, { point: P; kind: OutcomeView['kind'] | null; open: boolean }>();
	const byOpening = points.filter((p) => p.checkpointTask).sort((a, b) => a.position - b.position);
	for (const point of byOpening) {
		const kind = standingOutcome(point.outcomes)?.kind ?? null;
		governing.set(point.checkpointTask!, { point, kind, open: opensTheGate(kind ?? undefined) });
	}
	return governing;
}

/** Each checkpoint task with the state of the decision point that governs it (see governingPoints). */
export function checkpointStates(
	decisions: readonly Pick<
		DecisionView,
		| 'key'
		| 'title'
		| 'checkpointTask'
		| 'position'
		| 'voters'
		| 'mandatoryVoters'
		| 'quorum'
		| 'votes'
		| 'outcomes'
	>[]
): Map<string, CheckpointState> {
	const states = new Map<string, CheckpointState>();
	for (const [task, { point, kind, open }] of governingPoints(decisions))
		states.set(task, {
			key: point.key,
			title: point.title,
			state: kind ?? 'open',
			gateOpen: open,
			tally: tally(point)
		});
	return states;
}
