/**
 * The gate of an opening stage: conditions over metrics (e.g. "p95 response time, its highest over the last 10
 * minutes, < 800 ms"; "logged-in users < 80 % of the critical line") and the stage's not-before time. A gate
 * passes only when every condition has a figure that meets it: no data (a source down, no readings, readings
 * that stopped or that do not reach back over the window) is never a pass, as progressive-delivery analysis
 * treats an inconclusive result. Pure: the server evaluates it over stored samples, tests over generated ones.
 */
import type { Reading } from '../metrics/readings';

export const GATE_STATS = ['max', 'avg', 'min', 'last'] as const;
export type GateStat = (typeof GATE_STATS)[number];

export const GATE_OPS = ['<', '<=', '>', '>='] as const;
export type GateOp = (typeof GATE_OPS)[number];

export interface GateCondition {
	metric: string;
	/** How the window's readings become one figure. */
	stat: GateStat;
	windowMinutes: number;
	op: GateOp;
	/** The figure's limit, in the metric's unit, or a percentage of a capacity line when `of` names one. */
	threshold: number;
	of: 'warning' | 'critical' | null;
}

/** Why a condition has no figure to judge: each keeps its gate shut. */
export const MISSING_DATA = [
	'unknownMetric',
	'noLine',
	'sourceDown',
	'noReadings',
	'stale',
	'partialWindow'
] as const;
export type MissingData = (typeof MISSING_DATA)[number];

/** What the gate knows of one metric: its lines, its source's state and its readings in time order. */
export interface GateMetric {
	warning: number | null;
	critical: number | null;
	sourceDown: boolean;
	readings: readonly Reading[];
}

export interface ConditionResult extends GateCondition {
	/** The limit in the metric's unit (the threshold, or its share of the line); null without the line. */
	limit: number | null;
	figure: number | null;
	pass: boolean;
	missing: MissingData | null;
}

export interface GateEvaluation {
	stage: string;
	/** When it was evaluated (ISO). */
	at: string;
	passed: boolean;
	/** The stage's not-before time and whether it has come; null when the stage has none. */
	notBefore: { at: string; reached: boolean } | null;
	conditions: ConditionResult[];
}

/** Readings older than this are a stopped feed, however long the window. */
export const STALE_AFTER_MS = 60_000;

/**
 * How late the window's first reading may start: a window must be covered (a 10-minute p95 judged on the last
 * 30 seconds would pass a stage on almost no evidence). A fifth of the window, at least 30 s.
 */
export const coverageSlackMs = (windowMs: number): number => Math.max(30_000, windowMs / 5);

const compare: Record<GateOp, (a: number, b: number) => boolean> = {
	'<': (a, b) => a < b,
	'<=': (a, b) => a <= b,
	'>': (a, b) => a > b,
	'>=': (a, b) => a >= b
};

function figureOf(stat: GateStat, values: readonly number[]): number {
	switch (stat) {
		case 'max':
			return Math.max(...values);
		case 'min':
			return Math.min(...values);
		case 'avg':
			return values.reduce((a, b) => a + b, 0) / values.length;
		case 'last':
			return values[values.length - 1];
	}
}

/** Figures as the board shows and the log keeps them: three significant digits (no flicker in the last one). */
const rounded = (n: number): number => Number(n.toPrecision(3));

function limitOf(condition: GateCondition, metric: GateMetric): number | null {
	if (condition.of === null) return condition.threshold;
	const line = metric[condition.of];
	return line === null ? null : rounded((line * condition.threshold) / 100);
}

export function evaluateCondition(
	condition: GateCondition,
	metric: GateMetric | undefined,
	now: number
): ConditionResult {
	const result = (figure: number | null, limit: number | null, missing: MissingData | null) => ({
		...condition,
		limit,
		figure,
		missing,
		pass: missing === null && figure !== null && limit !== null && compare[condition.op](figure, limit)
	});
	if (!metric) return result(null, null, 'unknownMetric');
	const limit = limitOf(condition, metric);
	if (limit === null) return result(null, null, 'noLine');
	if (metric.sourceDown) return result(null, limit, 'sourceDown');
	const windowMs = condition.windowMinutes * 60_000;
	const inWindow = metric.readings.filter((r) => r.at > now - windowMs && r.at <= now);
	if (inWindow.length === 0) return result(null, limit, 'noReadings');
	const figure = rounded(
		figureOf(
			condition.stat,
			inWindow.map((r) => r.value)
		)
	);
	if (inWindow[inWindow.length - 1].at < now - STALE_AFTER_MS) return result(figure, limit, 'stale');
	if (inWindow[0].at > now - windowMs + coverageSlackMs(windowMs))
		return result(figure, limit, 'partialWindow');
	return result(figure, limit, null);
}

export interface GateStage {
	key: string;
	notBefore: string | null;
	conditions: readonly GateCondition[];
}

/** The stage's gate now: passed when its time has come and every condition meets its limit on full data. */
export function evaluateGate(
	stage: GateStage,
	metrics: ReadonlyMap<string, GateMetric>,
	now: number
): GateEvaluation {
	const conditions = stage.conditions.map((c) => evaluateCondition(c, metrics.get(c.metric), now));
	const notBefore = stage.notBefore
		? { at: stage.notBefore, reached: Date.parse(stage.notBefore) <= now }
		: null;
	return {
		stage: stage.key,
		at: new Date(now).toISOString(),
		passed: (notBefore?.reached ?? true) && conditions.every((c) => c.pass),
		notBefore,
		conditions
	};
}

const CONDITION_FIELDS = [
	'metric',
	'stat',
	'windowMinutes',
	'op',
	'threshold',
	'of',
	'limit',
	'figure',
	'pass',
	'missing'
] as const satisfies readonly (keyof ConditionResult)[];

/**
 * Whether two evaluations say the same (when they were made aside): a board needs to hear only of a change.
 * Field by field, since one of them may have come back from a JSON column with its keys in another order.
 */
export function sameEvaluation(a: GateEvaluation | null, b: GateEvaluation | null): boolean {
	if (a === null || b === null) return a === b;
	return (
		a.stage === b.stage &&
		a.passed === b.passed &&
		a.notBefore?.at === b.notBefore?.at &&
		a.notBefore?.reached === b.notBefore?.reached &&
		a.conditions.length === b.conditions.length &&
		a.conditions.every((c, i) => CONDITION_FIELDS.every((f) => c[f] === b.conditions[i][f]))
	);
}

/** The longest window of a stage's conditions: how far back its readings are needed. */
export const longestWindowMs = (conditions: readonly GateCondition[]): number =>
	Math.max(0, ...conditions.map((c) => c.windowMinutes * 60_000));
