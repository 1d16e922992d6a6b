import { describe, expect, it } from 'vitest';
import {
	checkpointStates,
	heldAtClosedCheckpoint,
	outcomeRefusal,
	standingOutcome,
	tally,
	voteRefusal
} from './decisions';
import { TASK_STATUSES } from './task-status';
import type { DecisionView, OutcomeView, VoteChoice, VoteView } from './schemas/decisions';

const T0 = Date.parse('2026-05-01T18:00:00Z');
let ids = 0;

function vote(voter: string, choice: VoteChoice, minute = ids): VoteView {
	return {
		id: `v${++ids}`,
		voter,
		voterName: voter,
		vote: choice,
		comment: choice === 'no_go' ? 'not ready' : null,
		at: new Date(T0 + minute * 60_000).toISOString(),
		supersedes: null
	};
}

function outcome(kind: OutcomeView['kind'], supersedes: string | null = null): OutcomeView {
	return {
		id: `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`,
		kind,
		rationale: 'because',
		newWindowEnd: null,
		previousWindowEnd: null,
		riskAccepted: null,
		followUps: [],
		recordedBy: 'chair',
		at: new Date(T0).toISOString(),
		supersedes,
		evidence: { forecast: null, readiness: [], tally: tally(point()) }
	};
}

function point(over: Partial<DecisionView> = {}): DecisionView {
	return {
		key: 'GO-1',
		title: 'Go-live',
		description: '',
		checkpointTask: null,
		voters: ['ann', 'ben', 'cid', 'dan'],
		mandatoryVoters: ['ann'],
		chair: 'cid',
		quorum: 3,
		closesAt: null,
		status: 'open',
		reviews: null,
		openedWith: { forecast: null },
		createdBy: 'op',
		createdAt: new Date(T0).toISOString(),
		position: 1,
		criteria: [],
		votes: [],
		outcomes: [],
		...over
	};
}

describe('tally', () => {
	it('counts each voter once, by their latest vote, and only named voters', () => {
		const t = tally(
			point({
				votes: [
					vote('ann', 'no_go'),
					vote('ben', 'go'),
					vote('ann', 'go'),
					vote('eve', 'go'),
					vote('ben', 'abstain')
				]
			})
		);
		expect(t).toMatchObject({ go: 1, noGo: 0, abstain: 1, cast: 2, quorumMet: false, blockedBy: [] });
		expect(t.waitingFor).toEqual(['cid', 'dan']);
		// "2 of 4 voters voted, quorum 3": the count names the voters, not only the quorum.
		expect(t).toMatchObject({ voters: 4, quorum: point().quorum });
	});

	it('is blocked while a mandatory voter’s latest vote is no-go, and meets quorum on the third voter', () => {
		const t = tally(point({ votes: [vote('ben', 'go'), vote('ann', 'no_go'), vote('cid', 'go')] }));
		expect(t.blockedBy).toEqual(['ann']);
		expect(t.quorumMet).toBe(true);
		expect(t.noGo).toBe(1);
	});
});

describe('votes', () => {
	it('are refused from non-voters, after the closing time and after an outcome', () => {
		const open = point({ closesAt: new Date(T0 + 3600_000).toISOString() });
		expect(voteRefusal(open, 'ben', T0)).toBeNull();
		expect(voteRefusal(open, 'eve', T0)).toEqual({ reason: 'errors.notAVoter', params: { voter: 'eve' } });
		expect(voteRefusal(open, 'ben', T0 + 3600_000)).toEqual({ reason: 'errors.votingClosed' });
		expect(voteRefusal(point({ outcomes: [outcome('no_go')] }), 'ben', T0)).toEqual({
			reason: 'errors.decisionMade'
		});
	});
});

describe('outcomes', () => {
	const quorate = [vote('ann', 'go'), vote('ben', 'go'), vote('cid', 'abstain')];
	const end = T0 + 10 * 3600_000;

	it('allow a go only with quorum and no mandatory no-go', () => {
		expect(outcomeRefusal(point({ votes: quorate }), { kind: 'go' }, end)).toBeNull();
		expect(outcomeRefusal(point({ votes: quorate.slice(0, 2) }), { kind: 'go' }, end)).toEqual({
			status: 409,
			reason: 'errors.noQuorum',
			params: { cast: 2, quorum: 3 }
		});
		const vetoed = point({ votes: [...quorate, vote('ann', 'no_go')] });
		expect(outcomeRefusal(vetoed, { kind: 'go' }, end)).toMatchObject({ status: 409 });
		expect(outcomeRefusal(vetoed, { kind: 'accept_risk' }, end)).toEqual({
			status: 409,
			reason: 'errors.mandatoryNoGo',
			params: { voters: 'ann' }
		});
		// Stopping needs no quorum: a no-go or a rollback can be recorded at once.
		expect(outcomeRefusal(vetoed, { kind: 'rollback' }, end)).toBeNull();
		expect(outcomeRefusal(point(), { kind: 'no_go' }, end)).toBeNull();
	});

	it('extend only to a time after the current window end', () => {
		expect(outcomeRefusal(point(), { kind: 'extend', newWindowEnd: end }, end)).toEqual({
			status: 400,
			reason: 'errors.extendNotLater'
		});
		expect(outcomeRefusal(point(), { kind: 'extend', newWindowEnd: end + 60_000 }, end)).toBeNull();
	});

	it('take no second outcome unless it supersedes the standing one', () => {
		const first = outcome('no_go');
		const decided = point({ outcomes: [first] });
		expect(outcomeRefusal(decided, { kind: 'rollback' }, end)).toEqual({
			status: 409,
			reason: 'errors.outcomeExists'
		});
		expect(outcomeRefusal(decided, { kind: 'rollback', supersedes: first.id }, end)).toBeNull();
		const second = outcome('rollback', first.id);
		const corrected = point({ outcomes: [first, second] });
		expect(standingOutcome(corrected.outcomes)).toBe(second);
		expect(outcomeRefusal(corrected, { kind: 'no_go', supersedes: first.id }, end)).toEqual({
			status: 409,
			reason: 'errors.supersedesNotStanding'
		});
		expect(outcomeRefusal(corrected, { kind: 'no_go', supersedes: 'nope' }, end)).toEqual({
			status: 400,
			reason: 'errors.supersedesUnknown'
		});
	});
});

describe('checkpoint states', () => {
	it('give each checkpoint task the state of the latest point opened on it, as the server’s gate does', () => {
		const noGo = outcome('no_go');
		const states = checkpointStates([
			// Listed out of order: the position says which was opened last.
			point({
				key: 'GO-2',
				title: 'After the fixes',
				checkpointTask: 'GL-01',
				position: 2,
				votes: [vote('ben', 'go'), vote('ann', 'no_go')]
			}),
			point({ key: 'GO-1', checkpointTask: 'GL-01', position: 1, outcomes: [noGo], status: 'decided' }),
			point({ key: 'NOTE', checkpointTask: null, position: 3 })
		]);
		expect([...states.keys()]).toEqual(['GL-01']);
		const gate = states.get('GL-01')!;
		expect(gate).toMatchObject({ key: 'GO-2', title: 'After the fixes', state: 'open', gateOpen: false });
		expect(gate.tally).toMatchObject({ cast: 2, quorum: 3, blockedBy: ['ann'] });
	});

	it('follow the standing outcome: only a go or an accepted risk opens the gate', () => {
		const at = (outcomes: OutcomeView[]) =>
			checkpointStates([point({ checkpointTask: 'GL-01', outcomes })]).get('GL-01')!;
		expect(at([outcome('extend')])).toMatchObject({ state: 'extend', gateOpen: false });
		expect(at([outcome('accept_risk')])).toMatchObject({ state: 'accept_risk', gateOpen: true });
		const go = outcome('go');
		// A correction that supersedes the go closes the gate again.
		expect(at([go])).toMatchObject({ state: 'go', gateOpen: true });
		expect(at([go, outcome('rollback', go.id)])).toMatchObject({ state: 'rollback', gateOpen: false });
	});

	it('hold a closed checkpoint at every move but a start and an undo', () => {
		expect(TASK_STATUSES.filter((to) => !heldAtClosedCheckpoint(to))).toEqual(['not_started', 'in_progress']);
	});
});
