import { index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import {
	CRITERION_STATES,
	OUTCOME_KINDS,
	VOTE_CHOICES,
	type CriterionView,
	type FollowUpView,
	type NoticeDraftView,
	type Tally
} from '../../../shared/schemas/decisions';
import type { ForecastView } from '../../../shared/schemas/transfers';
import { oneOf } from './checks';
import { cutovers } from './runbook';

const NOTICE_STATUSES = ['draft'] as const;

/**
 * A go/no-go decision point. Votes and outcomes hang off it and are append-only (the migration's triggers refuse
 * updates to them); the point itself changes only by its criteria moving.
 */
export const decisionPoints = pgTable(
	'decision_points',
	{
		id: uuid().primaryKey().defaultRandom(),
		cutoverId: uuid()
			.notNull()
			.references(() => cutovers.id, { onDelete: 'cascade' }),
		key: text().notNull(),
		title: text().notNull(),
		description: text().notNull().default(''),
		/** The runbook task that is the checkpoint (by key). */
		checkpointTask: text(),
		voters: text().array().notNull(),
		mandatoryVoters: text().array().notNull().default([]),
		chair: text().notNull(),
		quorum: integer().notNull(),
		closesAt: timestamp({ withTimezone: true }),
		/** An order-fixes follow-up: the decision it re-reviews and which of its follow-up items. */
		reviewsDecision: text(),
		reviewItems: text().array().notNull().default([]),
		openedWith: jsonb().$type<{ forecast: ForecastView | null }>().notNull(),
		createdBy: text().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		position: integer().notNull()
	},
	(t) => [unique().on(t.cutoverId, t.key)]
);

export const decisionCriteria = pgTable(
	'decision_criteria',
	{
		id: uuid().primaryKey().defaultRandom(),
		decisionId: uuid()
			.notNull()
			.references(() => decisionPoints.id, { onDelete: 'cascade' }),
		title: text().notNull(),
		owner: text().notNull(),
		state: text({ enum: CRITERION_STATES }).notNull().default('pending'),
		reason: text(),
		evidenceLink: text(),
		evidenceNote: text(),
		position: integer().notNull(),
		version: integer().notNull().default(1),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		updatedBy: text()
	},
	(t) => [index().on(t.decisionId), oneOf('decision_criteria_state_check', t.state, CRITERION_STATES)]
);

export const decisionVotes = pgTable(
	'decision_votes',
	{
		id: uuid().primaryKey().defaultRandom(),
		decisionId: uuid()
			.notNull()
			.references(() => decisionPoints.id, { onDelete: 'cascade' }),
		voter: text().notNull(),
		voterName: text().notNull(),
		vote: text({ enum: VOTE_CHOICES }).notNull(),
		comment: text(),
		at: timestamp({ withTimezone: true }).notNull().defaultNow(),
		supersedesId: uuid()
	},
	(t) => [index().on(t.decisionId, t.at), oneOf('decision_votes_vote_check', t.vote, VOTE_CHOICES)]
);

export const decisionOutcomes = pgTable(
	'decision_outcomes',
	{
		id: uuid().primaryKey().defaultRandom(),
		decisionId: uuid()
			.notNull()
			.references(() => decisionPoints.id, { onDelete: 'cascade' }),
		kind: text({ enum: OUTCOME_KINDS }).notNull(),
		rationale: text().notNull(),
		newWindowEnd: timestamp({ withTimezone: true }),
		previousWindowEnd: timestamp({ withTimezone: true }),
		riskAccepted: text(),
		followUps: jsonb().$type<FollowUpView[]>().notNull().default([]),
		recordedBy: text().notNull(),
		at: timestamp({ withTimezone: true }).notNull().defaultNow(),
		supersedesId: uuid(),
		evidence: jsonb()
			.$type<{ forecast: ForecastView | null; readiness: CriterionView[]; tally: Tally }>()
			.notNull()
	},
	(t) => [index().on(t.decisionId, t.at), oneOf('decision_outcomes_kind_check', t.kind, OUTCOME_KINDS)]
);

/** The window end as planned and as each decision (or edit) moved it. */
export const windowChanges = pgTable(
	'window_changes',
	{
		id: uuid().primaryKey().defaultRandom(),
		cutoverId: uuid()
			.notNull()
			.references(() => cutovers.id, { onDelete: 'cascade' }),
		at: timestamp({ withTimezone: true }).notNull().defaultNow(),
		fromEnd: timestamp({ withTimezone: true }),
		toEnd: timestamp({ withTimezone: true }).notNull(),
		by: text().notNull(),
		rationale: text(),
		decisionKey: text()
	},
	(t) => [index().on(t.cutoverId, t.at)]
);

/** Drafts of user notices that a go, a rollback or an extension leaves for communications staff. */
export const noticeDrafts = pgTable(
	'notice_drafts',
	{
		id: uuid().primaryKey().defaultRandom(),
		cutoverId: uuid()
			.notNull()
			.references(() => cutovers.id, { onDelete: 'cascade' }),
		decisionKey: text().notNull(),
		outcomeId: uuid().notNull(),
		outcomeKind: text({ enum: OUTCOME_KINDS }).notNull(),
		/** Only drafts so far: publishing notices comes with the public status page. */
		status: text({ enum: NOTICE_STATUSES }).notNull().default('draft'),
		texts: jsonb().$type<NoticeDraftView['texts']>().notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		index().on(t.cutoverId),
		oneOf('notice_drafts_outcome_kind_check', t.outcomeKind, OUTCOME_KINDS),
		oneOf('notice_drafts_status_check', t.status, NOTICE_STATUSES)
	]
);

export type DecisionPointRow = typeof decisionPoints.$inferSelect;
export type DecisionCriterionRow = typeof decisionCriteria.$inferSelect;
export type DecisionVoteRow = typeof decisionVotes.$inferSelect;
export type DecisionOutcomeRow = typeof decisionOutcomes.$inferSelect;
export type WindowChangeRow = typeof windowChanges.$inferSelect;
export type NoticeDraftRow = typeof noticeDrafts.$inferSelect;
