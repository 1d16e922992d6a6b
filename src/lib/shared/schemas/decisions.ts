/**
 * Go/no-go decisions: what clients send (inputs) and what they get (views). Decision points, votes and outcomes
 * are records that are never edited; a changed vote is a new vote, a correction is a new outcome that says which
 * one it supersedes. Criteria move through their states, each move an event.
 */
import { z } from 'zod';
import { fieldMessage } from '../i18n/field-issues';
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
import { cutoverView, taskKey } from './runbook';
import { forecastView } from './transfers';

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
	.min(1, fieldMessage('required'))
	.max(64, fieldMessage('maxChars', { max: 64 }))
	.regex(USERNAME_PATTERN, USERNAME_MESSAGE);
const uniqueNames = (max: number) =>
	z
		.array(username)
		.max(max)
		.refine((names) => new Set(names).size === names.length, fieldMessage('nameTwice'));

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
		voters: uniqueNames(50).refine((v) => v.length > 0, fieldMessage('oneVoter')),
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
		message: fieldMessage('mandatoryNotVoters')
	})
	.refine((d) => d.quorum <= d.voters.length, {
		path: ['quorum'],
		message: fieldMessage('quorumAboveVoters')
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
			.url(fieldMessage('evidenceLink'))
			.refine((u) => /^https?:\/\//i.test(u), fieldMessage('httpLink'))
			.nullish(),
		evidenceNote: optionalText(4000),
		expectedVersion: z.number().int().min(1).optional()
	})
	.strict()
	.refine((c) => c.state !== 'waived' || !!c.reason, {
		path: ['reason'],
		message: fieldMessage('waiveReason')
	});

export const voteInput = z
	.object({
		vote: z.enum(VOTE_CHOICES),
		comment: optionalText(2000)
	})
	.strict()
	.refine((v) => v.vote !== 'no_go' || !!v.comment, {
		path: ['comment'],
		message: fieldMessage('noGoComment')
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
		message: fieldMessage('extendEnd')
	})
	.refine((o) => o.kind !== 'accept_risk' || !!o.riskAccepted, {
		path: ['riskAccepted'],
		message: fieldMessage('riskInWords')
	})
	.refine((o) => o.kind !== 'order_fixes' || o.followUps.length > 0, {
		path: ['followUps'],
		message: fieldMessage('followUpsRequired')
	});

/** Path and query parameters of the decision endpoints. */
export const decisionParams = z.object({ slug, key: decisionKey });
export const criterionParams = z.object({
	slug,
	key: decisionKey,
	id: z.string().uuid(fieldMessage('criterionId'))
});
export const decisionLogQuery = z.object({
	format: z.enum(['md', 'csv'], { message: fieldMessage('logFormat') }).default('md')
});

export type DecisionOpenInput = z.infer<typeof decisionOpenInput>;
export type CriterionUpdateInput = z.infer<typeof criterionUpdateInput>;
export type VoteInput = z.infer<typeof voteInput>;
export type OutcomeInput = z.infer<typeof outcomeInput>;

export const criterionView = z.object({
	id: z.string(),
	title: z.string(),
	owner: z.string().meta({ description: 'A username or a team name' }),
	state: z.enum(CRITERION_STATES),
	reason: z.string().nullable(),
	evidenceLink: z.string().nullable(),
	evidenceNote: z.string().nullable(),
	position: z.number(),
	version: z.number(),
	updatedAt: z.string(),
	updatedBy: z.string().nullable()
});

export const voteView = z.object({
	id: z.string(),
	voter: z.string(),
	voterName: z.string(),
	vote: z.enum(VOTE_CHOICES),
	comment: z.string().nullable(),
	at: z.string(),
	supersedes: z
		.string()
		.nullable()
		.meta({ description: "The voter's previous vote, which this one replaces in the tally" })
});

export const followUpView = z.object({ id: z.string(), title: z.string(), owner: z.string() });

/** The live count of a decision point: each voter's latest vote. */
export const tallyView = z.object({
	go: z.number(),
	noGo: z.number(),
	abstain: z.number(),
	cast: z.number(),
	/** How many may vote (absent in tallies recorded before it was kept). */
	voters: z.number().optional(),
	quorum: z.number(),
	quorumMet: z.boolean(),
	/** A go cannot be recorded while any remain. */
	blockedBy: z.array(z.string()).meta({ description: 'Mandatory voters whose latest vote is no-go' }),
	/** Voters who have not voted yet. */
	waitingFor: z.array(z.string())
});

export const outcomeView = z.object({
	id: z.string(),
	kind: z.enum(OUTCOME_KINDS),
	rationale: z.string(),
	newWindowEnd: z.string().nullable(),
	previousWindowEnd: z.string().nullable(),
	riskAccepted: z.string().nullable(),
	followUps: z.array(followUpView),
	recordedBy: z.string(),
	at: z.string(),
	supersedes: z.string().nullable(),
	evidence: z
		.object({ forecast: forecastView.nullable(), readiness: z.array(criterionView), tally: tallyView })
		.meta({ description: 'The forecast, readiness and tally as they were when the outcome was recorded' })
});

export const decisionView = z.object({
	key: z.string(),
	title: z.string(),
	description: z.string(),
	checkpointTask: z.string().nullable(),
	voters: z.array(z.string()),
	mandatoryVoters: z.array(z.string()),
	chair: z.string(),
	quorum: z.number(),
	closesAt: z.string().nullable(),
	/** decided once an outcome stands (the latest one not superseded). */
	status: z.enum(['open', 'decided']),
	reviews: z.object({ decision: z.string(), items: z.array(z.string()) }).nullable(),
	/** The forecast when the point was opened (e.g. from "propose an extension"). */
	openedWith: z.object({ forecast: forecastView.nullable() }),
	createdBy: z.string(),
	createdAt: z.string(),
	position: z.number(),
	criteria: z.array(criterionView),
	votes: z
		.array(voteView)
		.meta({ description: 'Every vote in the order cast; the tally counts each voter’s latest' }),
	outcomes: z.array(outcomeView).meta({
		description: 'Every outcome in the order recorded; the standing one is the latest not superseded'
	})
});

/** One change of the window end: the planned one first, then each extension (or edit), who and why. */
export const windowChangeView = z.object({
	at: z.string(),
	from: z.string().nullable().meta({ description: 'null for the planned window' }),
	to: z.string(),
	by: z.string(),
	rationale: z.string().nullable(),
	decision: z.string().nullable()
});

const noticeText = z.object({ title: z.string(), body: z.string() });

/** A user notice left for communications staff by a go, a rollback or an extension (a draft until published). */
export const noticeDraftView = z.object({
	id: z.string(),
	decision: z.string(),
	outcomeKind: z.enum(OUTCOME_KINDS),
	status: z.literal('draft'),
	texts: z.object({ en: noticeText, fi: noticeText, sv: noticeText }),
	createdAt: z.string()
});

export const decisionRecorded = z.object({
	decision: decisionView,
	outcome: outcomeView,
	/** Set when the outcome moved the window end (the cutover follows in the same event). */
	window: z.object({ cutover: cutoverView, change: windowChangeView }).nullable(),
	notice: noticeDraftView.nullable()
});

export type CriterionView = z.infer<typeof criterionView>;
export type VoteView = z.infer<typeof voteView>;
export type FollowUpView = z.infer<typeof followUpView>;
export type Tally = z.infer<typeof tallyView>;
export type OutcomeView = z.infer<typeof outcomeView>;
export type DecisionView = z.infer<typeof decisionView>;
export type WindowChangeView = z.infer<typeof windowChangeView>;
export type NoticeDraftView = z.infer<typeof noticeDraftView>;
export type DecisionRecorded = z.infer<typeof decisionRecorded>;
