/** Data transfers and the window forecast: what clients send (inputs) and what they get (views). */
import { z } from 'zod';
import { MAX_PLANNED_MINUTES } from '../forecast/transfer-rate';
import { fieldMessage } from '../i18n/field-issues';
import { isoInstant, line } from './common';
import { taskKey } from './runbook';

export const transferKey = taskKey;

const amount = z.number().finite().min(0, fieldMessage('notNegative')).max(1e15, fieldMessage('tooLarge'));

export const PLAN_TOO_SLOW_MESSAGE = fieldMessage('planTooSlow', {
	minutes: MAX_PLANNED_MINUTES.toLocaleString('en')
});

/** Whether a planned rate would take longer than the longest plan to move `total` (an endless plan). */
export const planTooSlow = (total: number, plannedRatePerHour: number | null | undefined): boolean =>
	!!plannedRatePerHour && (total / plannedRatePerHour) * 60 > MAX_PLANNED_MINUTES;

const transferFields = {
	name: line(120),
	unit: line(24),
	total: amount.refine((v) => v > 0, fieldMessage('moreThan', { min: 0 })),
	plannedRatePerHour: amount
		.refine((v) => v > 0, fieldMessage('moreThan', { min: 0 }))
		.nullable()
		.optional(),
	plannedMinutes: z.number().int().min(1).max(MAX_PLANNED_MINUTES).nullable().optional(),
	stallAfterMinutes: z
		.number()
		.int()
		.min(1)
		.max(24 * 60)
		.optional(),
	/** Tasks that must finish before the transfer can start (the forecast places it after them). */
	dependsOn: z.array(taskKey).max(200).default([])
};

/** A stream is planned by rate or by duration, not both (the two could disagree). */
export const ONE_PLAN_MESSAGE = fieldMessage('onePlan');

export const transferCreateInput = z
	.object({ key: transferKey, ...transferFields })
	.strict()
	.refine((t) => !(t.plannedRatePerHour && t.plannedMinutes), {
		path: ['plannedMinutes'],
		message: ONE_PLAN_MESSAGE
	})
	.refine((t) => !planTooSlow(t.total, t.plannedRatePerHour), {
		path: ['plannedRatePerHour'],
		message: PLAN_TOO_SLOW_MESSAGE
	});

export const transferPatchInput = z
	.object({
		name: transferFields.name.optional(),
		unit: transferFields.unit.optional(),
		total: transferFields.total.optional(),
		plannedRatePerHour: transferFields.plannedRatePerHour,
		plannedMinutes: transferFields.plannedMinutes,
		stallAfterMinutes: transferFields.stallAfterMinutes,
		dependsOn: z.array(taskKey).max(200).optional(),
		expectedVersion: z.number().int().min(1).optional()
	})
	.strict();

/** What a migration script (or an operator) reports: how much is done, optionally the new total and when. */
export const transferProgressInput = z
	.object({
		done: amount,
		total: transferFields.total.optional(),
		at: isoInstant.optional(),
		/** The stream restarted from zero (or from `done`): progress may go backwards only with this. */
		reset: z.boolean().optional()
	})
	.strict()
	.refine((v) => v.total === undefined || v.done <= v.total, {
		path: ['done'],
		message: fieldMessage('doneAboveTotal')
	});

/** [epoch ms, done]: the points a chart of done over time draws. */
export type ProgressPoint = [number, number];

export const transferView = z.object({
	key: z.string(),
	name: z.string(),
	unit: z.string(),
	total: z.number(),
	done: z.number(),
	startedAt: z.string().nullable(),
	finishedAt: z.string().nullable(),
	lastProgressAt: z.string().nullable(),
	plannedRatePerHour: z.number().nullable(),
	plannedMinutes: z.number().nullable(),
	stallAfterMinutes: z.number(),
	dependsOn: z.array(z.string()),
	position: z.number(),
	version: z.number(),
	/** Bumped by every reset: a client holding another series replaces its history instead of appending. */
	series: z.number(),
	/** Estimated from recent progress at the last update; null until there is enough of it. */
	ratePerHour: z.number().nullable(),
	eta: z.string().nullable(),
	/** The ETA band: P10 (early) and P90 (late). */
	etaLow: z.string().nullable(),
	etaHigh: z.string().nullable(),
	/**
	 * Done over time. In a snapshot, the whole current series (downsampled); in an event, the points recorded
	 * since the previous event, for the client to append.
	 */
	history: z.array(z.tuple([z.number(), z.number()]))
});

/**
 * What a progress event carries per stream: the figures that move with progress. Name, plan and position change
 * only through `transfer.updated`, so a board merges this into the stream it holds and adds
 * [lastProgressAt, done] to its chart (a third of the bytes of a whole view, sent to every board twice a
 * second while scripts report).
 */
export const transferProgressView = transferView.pick({
	key: true,
	done: true,
	total: true,
	series: true,
	startedAt: true,
	finishedAt: true,
	lastProgressAt: true,
	ratePerHour: true,
	eta: true,
	etaLow: true,
	etaHigh: true
});

export type TransferCreateInput = z.infer<typeof transferCreateInput>;
export type TransferPatchInput = z.infer<typeof transferPatchInput>;
export type TransferProgressInput = z.infer<typeof transferProgressInput>;
export type TransferView = z.infer<typeof transferView>;
export type TransferProgressView = z.infer<typeof transferProgressView>;

export const forecastDriver = z.object({
	kind: z.enum(['task', 'transfer']),
	key: z.string(),
	name: z.string(),
	/** Share of simulated runs in which this step was on the critical path (0..1). */
	criticality: z.number()
});

export const forecastView = z.object({
	/** The seq of the newest event the forecast had seen. */
	basedOnSeq: z.number(),
	computedAt: z.string(),
	windowEnd: z.string(),
	/** Critical path over actuals, elapsed time, estimates and transfer ETAs (no randomness). */
	projectedEnd: z.string(),
	p50: z.string(),
	p90: z.string(),
	/** Probability of finishing by the window end (0..1). */
	probability: z.number(),
	samples: z.number(),
	seed: z.number(),
	atRisk: z.boolean(),
	/** Why it is at risk: the probability fell under the threshold, or the P50 end passed end minus margin. */
	riskReasons: z.array(z.enum(['probability', 'p50'])),
	threshold: z.number(),
	marginMinutes: z.number(),
	/** The tasks and transfers that drive the end, most critical first. */
	drivers: z.array(forecastDriver),
	/** How long the computation took (ms), for the record. */
	computeMs: z.number()
});

/** One point of the forecast's history: how the projected end moved (times in epoch ms). */
export const forecastPoint = z.object({
	at: z.number(),
	seq: z.number(),
	p50: z.number(),
	p90: z.number(),
	probability: z.number()
});

export type ForecastDriver = z.infer<typeof forecastDriver>;
export type ForecastView = z.infer<typeof forecastView>;
export type ForecastPoint = z.infer<typeof forecastPoint>;
