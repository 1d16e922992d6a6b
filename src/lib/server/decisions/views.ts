/** Decision rows to the wire shapes of `$lib/shared/schemas/decisions` (times as ISO strings). */
import type {
	CriterionState,
	CriterionView,
	DecisionView,
	NoticeDraftView,
	OutcomeKind,
	OutcomeView,
	VoteChoice,
	VoteView
} from '../../shared/schemas/decisions';
import type {
	DecisionCriterionRow,
	DecisionOutcomeRow,
	DecisionPointRow,
	DecisionVoteRow,
	NoticeDraftRow
} from '../db/schema';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const criterionToView = (c: DecisionCriterionRow): CriterionView => ({
	id: c.id,
	title: c.title,
	owner: c.owner,
	state: c.state as CriterionState,
	reason: c.reason,
	evidenceLink: c.evidenceLink,
	evidenceNote: c.evidenceNote,
	position: c.position,
	version: c.version,
	updatedAt: c.updatedAt.toISOString(),
	updatedBy: c.updatedBy
});

export const voteToView = (v: DecisionVoteRow): VoteView => ({
	id: v.id,
	voter: v.voter,
	voterName: v.voterName,
	vote: v.vote as VoteChoice,
	comment: v.comment,
	at: v.at.toISOString(),
	supersedes: v.supersedesId
});

export const outcomeToView = (o: DecisionOutcomeRow): OutcomeView => ({
	id: o.id,
	kind: o.kind as OutcomeKind,
	rationale: o.rationale,
	newWindowEnd: iso(o.newWindowEnd),
	previousWindowEnd: iso(o.previousWindowEnd),
	riskAccepted: o.riskAccepted,
	followUps: o.followUps,
	recordedBy: o.recordedBy,
	at: o.at.toISOString(),
	supersedes: o.supersedesId,
	evidence: o.evidence
});

export function decisionToView(
	p: DecisionPointRow,
	records: { criteria: DecisionCriterionRow[]; votes: DecisionVoteRow[]; outcomes: DecisionOutcomeRow[] }
): DecisionView {
	const outcomes = records.outcomes.map(outcomeToView);
	return {
		key: p.key,
		title: p.title,
		description: p.description,
		checkpointTask: p.checkpointTask,
		voters: p.voters,
		mandatoryVoters: p.mandatoryVoters,
		chair: p.chair,
		quorum: p.quorum,
		closesAt: iso(p.closesAt),
		status: outcomes.length > 0 ? 'decided' : 'open',
		reviews: p.reviewsDecision ? { decision: p.reviewsDecision, items: p.reviewItems } : null,
		openedWith: p.openedWith,
		createdBy: p.createdBy,
		createdAt: p.createdAt.toISOString(),
		position: p.position,
		criteria: records.criteria.map(criterionToView),
		votes: records.votes.map(voteToView),
		outcomes
	};
}

/** Groups the records of several points by point and builds their views, in the points' order. */
export function decisionViews(
	points: DecisionPointRow[],
	records: { criteria: DecisionCriterionRow[]; votes: DecisionVoteRow[]; outcomes: DecisionOutcomeRow[] }
): DecisionView[] {
	const of = <T extends { decisionId: string }>(rows: T[]) => {
		const by = new Map<string, T[]>(points.map((p) => [p.id, []]));
		for (const r of rows) by.get(r.decisionId)?.push(r);
		return by;
	};
	const [criteria, votes, outcomes] = [of(records.criteria), of(records.votes), of(records.outcomes)];
	return points.map((p) =>
		decisionToView(p, {
			criteria: criteria.get(p.id)!,
			votes: votes.get(p.id)!,
			outcomes: outcomes.get(p.id)!
		})
	);
}

export const noticeDraftToView = (n: NoticeDraftRow): NoticeDraftView => ({
	id: n.id,
	decision: n.decisionKey,
	outcomeKind: n.outcomeKind as OutcomeKind,
	status: 'draft',
	texts: n.texts,
	createdAt: n.createdAt.toISOString()
});
