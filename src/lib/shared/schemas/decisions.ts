/**
 * Go/no-go decisions: what clients send (inputs) and what they get (views). Decision points, votes and outcomes
 * are records that are never edited; a changed vote is a new vote, a correction is a new outcome that says which
 * one it supersedes. Criteria move through their states, each move an event.
 */
import { z } from 'zod';
import { USERNAME_MESSAGE, USERNAME_PATTERN } from './auth';
import {
	isoInstant,
	isSingleLine,
	LINE_BREAKS_OR_CONTROL_CHARACTERS,
	line,
	optionalText,
	slug,
	text
} from './common';
import { taskKey, type CutoverView } from './runbook';
import type { ForecastView } from './transfers';

export const CRITERION_STATES = ['pending', 'met', 'not_met', 'waived'] as const;
export type CriterionState = (typeof CRITERION_STATES)[number];

export const VOTE_CHOICES = ['go', 'no_go', 'abstain'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];

export const OUTCOME_KINDS = ['go', 'no_go', 'rollback', 'extend', 'accept_risk', 'order_fixes'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

/** The usual readiness criteria of a go-live decision (scenario 4); the UI offers them, translated, as a start. */
export const READINESS_TEMPLATE = [
	'security_audit',
	'privacy_check',
	'security_features',
	'recovery_plan',
	'continuity_plan',
	'data_validation',
	'capacity_test',
	'rollback_rehearsed'
] as const;

export const decisionKey = taskKey;
// Usernames are stored lowercased (see schemas/auth.ts), so a voter typed as "Alice" is the user alice.
const username = z
	.string()
	.trim()
	.toLowerCase()
	.min(1, 'is required')
	.max(64, 'must be at most 64 characters')
	.regex(USERNAME_PATTERN, USERNAME_MESSAGE);
const uniqueNames = (max: number) =>
	z
		.array(username)
		.max(max)
		.refine((names) => new Set(names).size === names.length, 'must not name anyone twice');

const criterionInput = z.object({
	title: line(200),
	/** A username or a team name, as task owners are. */
	owner: line(64)
});

export const decisionOpenInput = z
	.object({
		key: decisionKey,
		title: line(200),
		description: optionalText(4000),
		/** The runbook task that is this decision's checkpoint: it cannot be done until the outcome is go. */
		checkpointTask: taskKey.nullish(),
		voters: uniqueNames(50).refine((v) => v.length > 0, 'must name at least one voter'),
		/** Voters whose no-go blocks a go. */
		mandatoryVoters: uniqueNames(50).default([]),
		chair: username,
		/** Votes (of any kind) needed before a go can be recorded. */
		quorum: z.number().int().min(1).max(50),
		closesAt: isoInstant.nullish(),
		criteria: z.array(criterionInput).max(50).default([]),
		/** An order-fixes follow-up: the earlier decision and the follow-up items this one re-reviews. */
		reviews: z.object({ decision: decisionKey, items: z.array(z.string().uuid()).min(1).max(50) }).nullish()
	})
	.strict()
	.refine((d) => d.mandatoryVoters.every((m) => d.voters.includes(m)), {
		path: ['mandatoryVoters'],
		message: 'must all be voters'
	})
	.refine((d) => d.quorum <= d.voters.length, {
		path: ['quorum'],
		message: 'must not be more than the number of voters'
	});

export const criterionUpdateInput = z
	.object({
		state: z.enum(CRITERION_STATES),
		/** Why a criterion is waived (required then). */
		reason: optionalText(2000),
		evidenceLink: z
			.string()
			.trim()
			.max(2000)
			.refine(isSingleLine, LINE_BREAKS_OR_CONTROL_CHARACTERS)
			.url('must be a link (https://...)')
			.refine((u) => /^https?:\/\//i.test(u), 'must be an http or https link')
			.nullish(),
		evidenceNote: optionalText(4000),
		expectedVersion: z.number().int().min(1).optional()
	})
	.strict()
	.refine((c) => c.state !== 'waived' || !!c.reason, {
		path: ['reason'],
		message: 'is required when a criterion is waived'
	});

export const voteInput = z
	.object({
		vote: z.enum(VOTE_CHOICES),
		comment: optionalText(2000)
	})
	.strict()
	.refine((v) => v.vote !== 'no_go' || !!v.comment, {
		path: ['comment'],
		message: 'is required with a no-go (say what must change)'
	});

export const outcomeInput = z
	.object({
		kind: z.enum(OUTCOME_KINDS),
		rationale: text(4000),
		/** extend: the new window end, after the current one. */
		newWindowEnd: isoInstant.nullish(),
		/** accept_risk: the risk accepted, in words. */
		riskAccepted: optionalText(2000),
		/** order_fixes: the follow-up items, each with an owner. */
		followUps: z.array(criterionInput).max(50).default([]),
		/** A correction names the outcome it supersedes; without it a decided point takes no second outcome. */
		supersedes: z.string().uuid().nullish()
	})
	.strict()
	.refine((o) => o.kind !== 'extend' || o.newWindowEnd != null, {
		path: ['newWindowEnd'],
		message: 'is required to extend the window'
	})
	.refine((o) => o.kind !== 'accept_risk' || !!o.riskAccepted, {
		path: ['riskAccepted'],
		message: 'is required to accept a risk (say which risk, in words)'
	})
	.refine((o) => o.kind !== 'order_fixes' || o.followUps.length > 0, {
		path: ['followUps'],
		message: 'are required to order fixes (at least one item with an owner)'
	});

/** Path and query parameters of the decision endpoints. */
export const decisionParams = z.object({ slug, key: decisionKey });
export const criterionParams = z.object({
	slug,
	key: decisionKey,
	id: z.string().uuid('must be a criterion id')
});
export const decisionLogQuery = z.object({
	format: z.enum(['md', 'csv'], { message: 'must be md or csv' }).default('md')
});

export type DecisionOpenInput = z.infer<typeof decisionOpenInput>;
export type CriterionUpdateInput = z.infer<typeof criterionUpdateInput>;
export type VoteInput = z.infer<typeof voteInput>;
export type OutcomeInput = z.infer<typeof outcomeInput>;

export interface CriterionView {
	id: string;
	title: string;
	owner: string;
	state: CriterionState;
	reason: string | null;
	evidenceLink: string | null;
	evidenceNote: string | null;
	position: number;
	version: number;
	updatedAt: string;
	updatedBy: string | null;
}

export interface VoteView {
	id: string;
	voter: string;
	voterName: string;
	vote: VoteChoice;
	comment: string | null;
	at: string;
	/** The voter's previous vote on this point, which this one replaces in the tally. */
	supersedes: string | null;
}

export interface FollowUpView {
	id: string;
	title: string;
	owner: string;
}

/** The live count of a decision point: each voter's latest vote. */
export interface Tally {
	go: number;
	noGo: number;
	abstain: number;
	cast: number;
	quorum: number;
	quorumMet: boolean;
	/** Mandatory voters whose latest vote is no-go: a go cannot be recorded while any remain. */
	blockedBy: string[];
	/** Voters who have not voted yet. */
	waitingFor: string[];
}

export interface OutcomeView {
	id: string;
	kind: OutcomeKind;
	rationale: string;
	newWindowEnd: string | null;
	previousWindowEnd: string | null;
	riskAccepted: string | null;
	followUps: FollowUpView[];
	recordedBy: string;
	at: string;
	supersedes: string | null;
	/** What the room saw when the outcome was made. */
	evidence: { forecast: ForecastView | null; readiness: CriterionView[]; tally: Tally };
}

export interface DecisionView {
	key: string;
	title: string;
	description: string;
	checkpointTask: string | null;
	voters: string[];
	mandatoryVoters: string[];
	chair: string;
	quorum: number;
	closesAt: string | null;
	/** decided once an outcome stands (the latest one not superseded). */
	status: 'open' | 'decided';
	reviews: { decision: string; items: string[] } | null;
	/** The forecast when the point was opened (e.g. from "propose an extension"). */
	openedWith: { forecast: ForecastView | null };
	createdBy: string;
	createdAt: string;
	position: number;
	criteria: CriterionView[];
	/** Every vote in the order cast; the tally counts each voter's latest. */
	votes: VoteView[];
	/** Every outcome in the order recorded; the standing one is the latest that nothing supersedes. */
	outcomes: OutcomeView[];
}

/** One change of the window end: the planned one first, then each extension (or edit), who and why. */
export interface WindowChangeView {
	at: string;
	from: string | null;
	to: string;
	by: string;
	rationale: string | null;
	decision: string | null;
}

/** A user notice left for communications staff by a go, a rollback or an extension (a draft until published). */
export interface NoticeDraftView {
	id: string;
	decision: string;
	outcomeKind: OutcomeKind;
	status: 'draft';
	texts: Record<'en' | 'fi' | 'sv', { title: string; body: string }>;
	createdAt: string;
}

export interface DecisionRecorded {
	decision: DecisionView;
	outcome: OutcomeView;
	/** Set when the outcome moved the window end (the cutover follows in the same event). */
	window: { cutover: CutoverView; change: WindowChangeView } | null;
	notice: NoticeDraftView | null;
}
