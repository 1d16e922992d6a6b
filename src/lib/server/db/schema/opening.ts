import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { GateEvaluationView, OpeningStageView, OpeningView } from '../../../shared/schemas/opening';
import { OPENING_ACTS } from '../../../shared/schemas/opening';
import { oneOf } from './checks';
import { cutovers } from './runbook';

/**
 * A cutover's opening: its plan (stages and the parts that can be restricted, replaced whole when edited) and
 * where the room has taken it. Moved only under the cutover's lock, by the room's acts and the gate watcher.
 */
export const openingPlans = pgTable('opening_plans', {
	cutoverId: uuid()
		.primaryKey()
		.references(() => cutovers.id, { onDelete: 'cascade' }),
	stages: jsonb().$type<OpeningStageView[]>().notNull(),
	parts: jsonb().$type<OpeningView['parts']>().notNull(),
	/** How many stages are open. */
	reached: integer().notNull().default(0),
	held: jsonb().$type<OpeningView['held']>(),
	restrictions: jsonb().$type<OpeningView['restrictions']>().notNull().default([]),
	/** The next stage's gate as last evaluated. */
	gate: jsonb().$type<GateEvaluationView>(),
	version: integer().notNull().default(1),
	updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
});

/** The room's acts on the opening, append-only: advancing (with any override), holding, restricting... */
export const openingActs = pgTable(
	'opening_acts',
	{
		id: bigserial({ mode: 'number' }).primaryKey(),
		cutoverId: uuid()
			.notNull()
			.references(() => cutovers.id, { onDelete: 'cascade' }),
		at: timestamp({ withTimezone: true }).notNull(),
		kind: text({ enum: OPENING_ACTS }).notNull(),
		actorName: text().notNull(),
		reached: integer().notNull(),
		part: text(),
		note: text().notNull(),
		override: text(),
		gate: jsonb().$type<GateEvaluationView>()
	},
	(t) => [index().on(t.cutoverId, t.id), oneOf('opening_acts_kind_check', t.kind, OPENING_ACTS)]
);

export type OpeningPlanRow = typeof openingPlans.$inferSelect;
export type OpeningActRow = typeof openingActs.$inferSelect;
