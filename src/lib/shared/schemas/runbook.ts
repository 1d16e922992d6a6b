/** Cutover, phase and task shapes: what clients send (inputs) and what they get (views). */
import { z } from 'zod';
import { CUTOVER_KINDS } from '../programmes/rules';
import { TASK_STATUSES } from '../task-status';
import { fieldMessage } from '../i18n/field-issues';
import { entityKey, isoInstant, line, optionalText, slug, timezone } from './common';
import { sourceCreateInput, sourceDefinition } from './metric-sources';
import { metricDefinition, metricView } from './metrics';
import { openingPlanInput, openingStageView } from './opening';

export const taskKey = entityKey;

export const windowRefinement = <T extends { windowStart?: number; windowEnd?: number }>(
	v: T,
	ctx: z.RefinementCtx
) => {
	if (v.windowStart !== undefined && v.windowEnd !== undefined && v.windowEnd <= v.windowStart)
		ctx.addIssue({ code: 'custom', path: ['windowEnd'], message: fieldMessage('windowEndAfterStart') });
};

export const cutoverCreateInput = z
	.object({
		slug,
		name: line(120),
		timezone,
		windowStart: isoInstant,
		windowEnd: isoInstant
	})
	.strict()
	.superRefine(windowRefinement);

export const cutoverPatchInput = z
	.object({
		name: line(120).optional(),
		timezone: timezone.optional(),
		windowStart: isoInstant.optional(),
		windowEnd: isoInstant.optional(),
		expectedVersion: z.number().int().min(1).optional()
	})
	.strict()
	.superRefine(windowRefinement);

export const estimate = z
	.object({
		optimistic: z.number().min(0).max(100_000),
		likely: z.number().min(0).max(100_000),
		pessimistic: z.number().min(0).max(100_000)
	})
	.strict()
	.refine((e) => e.optimistic <= e.likely && e.likely <= e.pessimistic, {
		message: fieldMessage('estimateOrder')
	});

const taskFields = {
	title: line(200),
	description: optionalText(4000),
	phase: line(80),
	owner: line(80),
	durationMinutes: z.number().int(fieldMessage('wholeMinutes')).min(0).max(100_000),
	notBefore: isoInstant.nullable().optional(),
	dependsOn: z.array(taskKey).max(200).default([]),
	/** Keys of data transfers the task waits for (e.g. "validate customer data" waits for "customers"). */
	dependsOnTransfers: z.array(taskKey).max(50).default([]),
	estimate: estimate.nullable().optional(),
	/** Minutes the task took in rehearsals: the forecast's spread when there is no three-point estimate. */
	rehearsalMinutes: z.array(z.number().int().min(0).max(100_000)).max(20).default([])
};

export const taskCreateInput = z.object({ key: taskKey, ...taskFields }).strict();

export const taskPatchInput = z
	.object({
		title: taskFields.title.optional(),
		description: taskFields.description,
		phase: taskFields.phase.optional(),
		owner: taskFields.owner.optional(),
		durationMinutes: taskFields.durationMinutes.optional(),
		notBefore: taskFields.notBefore,
		dependsOn: z.array(taskKey).max(200).optional(),
		dependsOnTransfers: z.array(taskKey).max(50).optional(),
		estimate: taskFields.estimate,
		rehearsalMinutes: z.array(z.number().int().min(0).max(100_000)).max(20).optional(),
		expectedVersion: z.number().int().min(1).optional()
	})
	.strict();

export const taskTransitionInput = z
	.object({
		to: z.enum(TASK_STATUSES),
		note: optionalText(1000),
		expectedVersion: z.number().int().min(1).optional(),
		/** Operators may start a task whose dependencies or "not before" time are not yet met. */
		force: z.boolean().optional()
	})
	.strict();

/**
 * A whole runbook at once: phases in order, then tasks, the metric sources, the metrics the room watches (in board
 * order) and the opening plan. Replaces tasks that have not started; sources, when given, are created or changed
 * by key (others stay); metrics, when given, become exactly the list; the opening plan, when given, replaces the
 * one there. What is left out (or null) stays as it is.
 */
export const runbookImportInput = z
	.object({
		phases: z.array(line(80)).min(1).max(100),
		tasks: z.array(taskCreateInput).max(10_000),
		sources: z.array(sourceCreateInput).max(100).optional(),
		metrics: z.array(metricDefinition).max(500).optional(),
		opening: openingPlanInput.nullable().optional()
	})
	.strict()
	.superRefine((runbook, ctx) => {
		for (const list of ['sources', 'metrics'] as const) {
			const seen = new Set<string>();
			for (const [i, { key }] of (runbook[list] ?? []).entries()) {
				if (seen.has(key))
					ctx.addIssue({
						code: 'custom',
						path: [list, i, 'key'],
						message: fieldMessage(list === 'metrics' ? 'keyTwice' : 'duplicateKey', { key })
					});
				seen.add(key);
			}
		}
	});

export const cutoverView = z.object({
	id: z.string(),
	slug: z.string(),
	kind: z.enum(CUTOVER_KINDS),
	/** A wave's programme (its id). */
	programmeId: z.string().nullable(),
	/** The cutover a rehearsal rehearses (its id). */
	rehearsalOfId: z.string().nullable(),
	name: z.string(),
	timezone: z.string(),
	windowStart: z.string(),
	windowEnd: z.string(),
	version: z.number(),
	lastSeq: z.number(),
	createdAt: z.string()
});

export const phaseView = z.object({ id: z.string(), name: z.string(), position: z.number() });

export const taskView = z.object({
	id: z.string(),
	key: z.string(),
	title: z.string(),
	description: z.string(),
	phase: z.string(),
	owner: z.string(),
	durationMinutes: z.number(),
	notBefore: z.string().nullable(),
	dependsOn: z.array(z.string()),
	dependsOnTransfers: z.array(z.string()),
	estimate: z.object({ optimistic: z.number(), likely: z.number(), pessimistic: z.number() }).nullable(),
	rehearsalMinutes: z.array(z.number()),
	status: z.enum(TASK_STATUSES),
	actualStart: z.string().nullable(),
	actualEnd: z.string().nullable(),
	lastNote: z.string().nullable(),
	position: z.number(),
	version: z.number(),
	updatedAt: z.string()
});

/** A task as the board holds it: the key is its identity within the cutover, so the database id stays home. */
export const boardTask = taskView.omit({ id: true });

/** What replacing a runbook loaded: how many phases and tasks, and sources, metrics and stages when it carried them. */
export const runbookImportResult = z.object({
	phases: z.number().int(),
	tasks: z.number().int(),
	sources: z.number().int().optional(),
	metrics: z.number().int().optional(),
	/** How many stages the opening plan it set has. */
	stages: z.number().int().optional()
});

/** A runbook as a file (`GET .../runbook`): what `PUT .../runbook` takes back, every field written out. */
export const runbookExport = z.object({
	phases: z.array(z.string()),
	tasks: z.array(
		taskView.pick({
			key: true,
			title: true,
			description: true,
			phase: true,
			owner: true,
			durationMinutes: true,
			notBefore: true,
			dependsOn: true,
			dependsOnTransfers: true,
			estimate: true,
			rehearsalMinutes: true
		})
	),
	sources: z.array(sourceDefinition),
	metrics: z.array(
		metricView.pick({
			key: true,
			name: true,
			unit: true,
			kind: true,
			direction: true,
			warning: true,
			critical: true,
			sustainSeconds: true,
			clearMargin: true,
			services: true,
			source: true,
			selector: true
		})
	),
	/** The opening plan (its stages and parts, not where the room has taken it); null when there is none. */
	opening: z
		.object({
			stages: z.array(openingStageView),
			parts: z.array(z.object({ key: z.string(), name: z.string() }))
		})
		.nullable()
});

export type CutoverCreateInput = z.infer<typeof cutoverCreateInput>;
export type CutoverPatchInput = z.infer<typeof cutoverPatchInput>;
export type TaskCreateInput = z.infer<typeof taskCreateInput>;
export type TaskPatchInput = z.infer<typeof taskPatchInput>;
export type TaskTransitionInput = z.infer<typeof taskTransitionInput>;
export type RunbookImportInput = z.infer<typeof runbookImportInput>;
export type CutoverView = z.infer<typeof cutoverView>;
export type PhaseView = z.infer<typeof phaseView>;
export type TaskView = z.infer<typeof taskView>;
export type BoardTask = z.infer<typeof boardTask>;
export type RunbookImportResult = z.infer<typeof runbookImportResult>;
export type RunbookExport = z.infer<typeof runbookExport>;
