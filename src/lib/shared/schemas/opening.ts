/**
 * The staged opening: a plan of stages (who is let in, not before when, through which gate), the parts of the
 * service that can be restricted, and the acts of the room that move it. What clients send and what they get.
 */
import { z } from 'zod';
import { fieldMessage } from '../i18n/field-issues';
import { GATE_OPS, GATE_STATS, MISSING_DATA } from '../opening/gate';
import { entityKey, isoInstant, line, optionalLine, text } from './common';

const key = entityKey;

export const gateCondition = z
	.object({
		metric: key,
		stat: z.enum(GATE_STATS).default('max'),
		/** The window's length; fractions of a minute too (a demo compresses time: 0.05 is three seconds). */
		windowMinutes: z.number().min(0.05).max(240).default(10),
		op: z.enum(GATE_OPS),
		threshold: z.number().min(-1e15, fieldMessage('tooLarge')).max(1e15, fieldMessage('tooLarge')),
		/** When set, the threshold is a percentage of this capacity line of the metric ("< 80 % of capacity"). */
		of: z.enum(['warning', 'critical']).nullable().default(null)
	})
	.strict();

export const openingStageInput = z
	.object({
		key,
		name: line(120),
		/** Who is let in at this stage, in words ("internal users", "10 % of the public"). */
		audience: optionalLine(200).default(''),
		/** The share of the public admitted, for a waiting room or feature flag that follows the stage. */
		share: z.number().int(fieldMessage('wholeNumber')).min(0).max(100).nullable().default(null),
		notBefore: isoInstant.nullable().default(null),
		conditions: z.array(gateCondition).max(12).default([])
	})
	.strict();

export const openingPartInput = z.object({ key, name: line(120) }).strict();

/** A whole plan, replacing the one before. The stages open in the order given. */
export const openingPlanInput = z
	.object({
		stages: z.array(openingStageInput).min(1).max(20),
		parts: z.array(openingPartInput).max(50).default([])
	})
	.strict()
	.superRefine((plan, ctx) => {
		for (const [field, list] of [
			['stages', plan.stages],
			['parts', plan.parts]
		] as const) {
			const seen = new Set<string>();
			list.forEach((item, i) => {
				if (seen.has(item.key))
					ctx.addIssue({
						code: 'custom',
						path: [field, i, 'key'],
						message: fieldMessage('duplicateKey', { key: item.key })
					});
				seen.add(item.key);
			});
		}
	});

const note = text(2000);

/** An act of the room on the opening: every one carries a note of why. */
export const openingNoteInput = z.object({ note }).strict();

/** How many stages the caller saw open: an act is refused when someone else moved the opening meanwhile. */
const expectedStage = z.number().int(fieldMessage('wholeNumber')).min(0).optional();

/** Advancing to the next stage; a gate that is not passed needs an override with its reason. */
export const openingAdvanceInput = z
	.object({ note, override: text(2000).optional(), expectedStage })
	.strict();

/** Closing the latest open stage. */
export const openingStepBackInput = z.object({ note, expectedStage }).strict();

export const openingRestrictInput = z.object({ part: key, note }).strict();

const conditionResult = gateCondition.extend({
	threshold: z.number(),
	limit: z.number().nullable(),
	figure: z.number().nullable(),
	pass: z.boolean(),
	missing: z.enum(MISSING_DATA).nullable()
});

export const gateEvaluationView = z.object({
	stage: z.string(),
	at: z.string(),
	passed: z.boolean(),
	notBefore: z.object({ at: z.string(), reached: z.boolean() }).nullable(),
	conditions: z.array(conditionResult)
});

export const openingStageView = z.object({
	key: z.string(),
	name: z.string(),
	audience: z.string(),
	share: z.number().nullable(),
	notBefore: z.string().nullable(),
	conditions: z.array(gateCondition.required())
});

export const OPENING_ACTS = ['advanced', 'stepped_back', 'held', 'resumed', 'restricted', 'lifted'] as const;
export type OpeningActKind = (typeof OPENING_ACTS)[number];

export const openingActView = z.object({
	kind: z.enum(OPENING_ACTS),
	at: z.string(),
	by: z.string(),
	/** How many stages are open after the act (0: none yet). */
	reached: z.number(),
	/** The part restricted or lifted. */
	part: z.string().nullable(),
	note: z.string(),
	/** Why the room advanced through a gate that had not passed. */
	override: z.string().nullable(),
	/** The gate as it stood when the room advanced. */
	gate: gateEvaluationView.nullable()
});

export const restrictionView = z.object({
	part: z.string(),
	note: z.string(),
	since: z.string(),
	by: z.string()
});

export const openingView = z.object({
	stages: z.array(openingStageView),
	parts: z.array(z.object({ key: z.string(), name: z.string() })),
	/** How many stages are open (0: none yet; the current stage is stages[reached - 1]). */
	reached: z.number(),
	/** The room holds the opening where it is: no advancing until it resumes. */
	held: z.object({ since: z.string(), note: z.string(), by: z.string() }).nullable(),
	restrictions: z.array(restrictionView),
	/** The next stage's gate as last evaluated; null when every stage is open. */
	gate: gateEvaluationView.nullable(),
	/** The room's acts, oldest first (the log keeps them all). */
	acts: z.array(openingActView),
	version: z.number()
});

/** What an act's event carries: the act, and the opening after it (a receiver needs no other state). */
export const openingActEvent = z.object({ act: openingActView, opening: openingView });

export type GateConditionInput = z.infer<typeof gateCondition>;
export type OpeningPlanInput = z.infer<typeof openingPlanInput>;
export type OpeningAdvanceInput = z.infer<typeof openingAdvanceInput>;
export type OpeningRestrictInput = z.infer<typeof openingRestrictInput>;
export type OpeningStepBackInput = z.infer<typeof openingStepBackInput>;
export type OpeningView = z.infer<typeof openingView>;
export type OpeningActView = z.infer<typeof openingActView>;
export type OpeningStageView = z.infer<typeof openingStageView>;
export type GateEvaluationView = z.infer<typeof gateEvaluationView>;
