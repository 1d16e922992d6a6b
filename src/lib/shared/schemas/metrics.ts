/** A cutover's metrics: what clients send (definitions, sample batches) and what they get (views, series). */
import { z } from 'zod';
import { fieldMessage } from '../i18n/field-issues';
import { METRIC_DIRECTIONS, METRIC_KINDS, METRIC_LEVELS, type MetricDirection } from '../metrics/state';
import {
	entityKey,
	epochInstant,
	isoInstant,
	isSingleLine,
	LINE_BREAKS_OR_CONTROL_CHARACTERS,
	line,
	optionalLine
} from './common';
import { sourceKey } from './metric-sources';

/** Metric keys follow the rules of task keys. */
export const metricKey = entityKey;

/** The most samples one push may carry. */
export const MAX_SAMPLES_PER_PUSH = 10_000;

/** How far ahead of the server's clock a sample may be (clock skew between hosts). */
export const SAMPLE_FUTURE_SLACK_MS = 5 * 60_000;

const level = z.number().min(-1e15, fieldMessage('tooLarge')).max(1e15, fieldMessage('tooLarge'));

const metricFields = {
	name: line(120),
	/** What a reading is counted in ("users", "req/s", "ms", "%"); may be empty. */
	unit: optionalLine(24),
	/** gauge: read as pushed; rate: a counter, read as its increase per second; quantile: e.g. a p95, as pushed. */
	kind: z.enum(METRIC_KINDS),
	/** Whether readings breach the lines by going above them (load, errors) or below them (free capacity). */
	direction: z.enum(METRIC_DIRECTIONS),
	warning: level.nullable(),
	critical: level.nullable(),
	/** A line is breached only after readings stayed past it this long, and clears after this long back. */
	sustainSeconds: z.number().int(fieldMessage('wholeNumber')).min(0).max(86_400),
	/** Hysteresis: a breached line clears only once readings are back past it by this much (the metric's unit). */
	clearMargin: z.number().min(0).max(1e15, fieldMessage('tooLarge')),
	/** The metric's place on the board (1 first). */
	position: z.number().int().min(1).max(100_000),
	/** The services of the catalogue it measures, by key: an incident opened from its breach names them. */
	services: z
		.array(entityKey)
		.max(20, fieldMessage('maxItems', { max: 20 }))
		.refine((keys) => new Set(keys).size === keys.length, fieldMessage('listedTwice')),
	/** The cutover's source it is pulled from; null: its samples are pushed. */
	source: sourceKey.nullable(),
	/**
	 * What of the source it reads: a series selector for a scrape (`http_requests_total{code="500"}`, the matching
	 * series summed), a PromQL expression for a query (its vector summed, or its scalar).
	 */
	selector: z
		.string()
		.trim()
		.min(1, fieldMessage('required'))
		.max(2000)
		.refine(isSingleLine, LINE_BREAKS_OR_CONTROL_CHARACTERS)
		.nullable()
};

/** A pulled metric names its source and its selector; a pushed one neither. */
const sourcedWhole = (m: { source?: string | null; selector?: string | null }) =>
	m.source === undefined || m.selector === undefined || (m.source === null) === (m.selector === null);
/** A new object at each use: zod rewrites the params it is given. */
const sourcedIssue = () => ({ path: ['selector'], message: fieldMessage('selectorWithSource') });

/** The critical line lies beyond the warning line, on the side the metric breaches towards. */
export function linesInOrder(direction: MetricDirection, warning: number | null, critical: number | null) {
	if (warning === null || critical === null) return true;
	return direction === 'above' ? critical > warning : critical < warning;
}

const linesMessage = (direction: MetricDirection) =>
	fieldMessage(direction === 'above' ? 'criticalAboveWarning' : 'criticalBelowWarning');

/** What defines a metric, each with its default: the fields of a new metric and of a runbook file's metric. */
const definitionFields = {
	key: metricKey,
	name: metricFields.name,
	unit: metricFields.unit.default(''),
	kind: metricFields.kind.default('gauge'),
	direction: metricFields.direction.default('above'),
	warning: metricFields.warning.default(null),
	critical: metricFields.critical.default(null),
	sustainSeconds: metricFields.sustainSeconds.default(60),
	clearMargin: metricFields.clearMargin.default(0),
	services: metricFields.services.default([])
};

const linesRefinement = (m: z.infer<z.ZodObject<typeof definitionFields>>, ctx: z.RefinementCtx) => {
	if (!linesInOrder(m.direction, m.warning, m.critical))
		ctx.addIssue({ code: 'custom', path: ['critical'], message: linesMessage(m.direction) });
};

export const metricCreateInput = z
	.object({
		...definitionFields,
		position: metricFields.position.optional(),
		source: metricFields.source.default(null),
		selector: metricFields.selector.default(null)
	})
	.strict()
	.superRefine((m, ctx) => {
		linesRefinement(m, ctx);
		if (!sourcedWhole(m)) ctx.addIssue({ code: 'custom', ...sourcedIssue() });
	});

/**
 * A metric as a runbook file carries it: its place on the board is its place in the file's list, and where it is
 * read from (a source of the file, or the cutover's, and its selector; null for a pushed metric). A file that
 * leaves `source` and `selector` out leaves the metric's binding as it is.
 */
export const metricDefinition = z
	.object({
		...definitionFields,
		source: metricFields.source.optional(),
		selector: metricFields.selector.optional()
	})
	.strict()
	.superRefine((m, ctx) => {
		linesRefinement(m, ctx);
		if (!sourcedWhole(m)) ctx.addIssue({ code: 'custom', ...sourcedIssue() });
	});

export const metricPatchInput = z
	.object({
		name: metricFields.name.optional(),
		unit: metricFields.unit,
		kind: metricFields.kind.optional(),
		direction: metricFields.direction.optional(),
		warning: metricFields.warning.optional(),
		critical: metricFields.critical.optional(),
		sustainSeconds: metricFields.sustainSeconds.optional(),
		clearMargin: metricFields.clearMargin.optional(),
		services: metricFields.services.optional(),
		position: metricFields.position.optional(),
		source: metricFields.source.optional(),
		selector: metricFields.selector.optional(),
		expectedVersion: z.number().int().min(1).optional()
	})
	.strict()
	.refine(sourcedWhole, sourcedIssue());

/** When a sample was taken: ISO 8601 with an offset, or epoch milliseconds. */
export const sampleInstant = z.union([isoInstant, epochInstant], { error: fieldMessage('sampleTime') });

/** One sample of a push: the metric's key, when, and the value (a finite number). */
export const metricSample = z
	.object({
		metric: metricKey,
		at: sampleInstant,
		value: z.number({ error: fieldMessage('finiteNumber') })
	})
	.strict();

/** A schema as the API document shows it, for a list whose items are read one by one (not by zod's array). */
function documented(schema: z.ZodType): object {
	const { $schema: _, ...json } = z.toJSONSchema(schema, { io: 'input' });
	return json;
}

/**
 * A push of samples. The batch is checked sample by sample, in order, and refused whole at the first bad one
 * (the answer names it), so the list itself is taken as it comes here and each sample is read by `metricSample`.
 */
export const metricSamplesInput = z
	.object({
		samples: z
			.array(z.unknown())
			.max(MAX_SAMPLES_PER_PUSH)
			.meta({
				description: `Up to ${MAX_SAMPLES_PER_PUSH.toLocaleString('en')} samples, in any order`,
				items: documented(metricSample)
			})
	})
	.strict();

export const metricSamplesResult = z.object({
	/** How many samples were kept: all of them (a batch is kept whole or not at all). */
	kept: z.number().int()
});

export const metricPoint = z
	.tuple([z.number(), z.number(), z.number(), z.number()])
	.meta({ description: '[epoch ms, value, min, max] (a reading of a rate: its value three times)' });

export const metricView = z.object({
	key: z.string(),
	name: z.string(),
	unit: z.string(),
	kind: z.enum(METRIC_KINDS),
	direction: z.enum(METRIC_DIRECTIONS),
	warning: z.number().nullable(),
	critical: z.number().nullable(),
	sustainSeconds: z.number(),
	clearMargin: z.number(),
	position: z.number(),
	version: z.number(),
	level: z.enum(METRIC_LEVELS),
	/** When the level began: the start of the run that breached its line, or of the run that cleared it. */
	levelSince: z.string().nullable(),
	/** The latest sample judged: when, as pushed, and as read (a rate's increase per second). */
	lastAt: z.string().nullable(),
	raw: z.number().nullable(),
	value: z.number().nullable(),
	source: z.string().nullable(),
	selector: z.string().nullable(),
	services: z.array(z.string()),
	/** Its source's last pull failed: the latest reading is stale, and a gate must read it as no data. */
	sourceDown: z.boolean(),
	/**
	 * The recent readings (the last 15 minutes, downsampled) in a snapshot and a list; empty in an event, whose
	 * client keeps the points it holds.
	 */
	recent: z.array(metricPoint)
});

/** What `metrics.updated` carries per metric: what samples move. */
export const metricUpdate = metricView.pick({
	key: true,
	level: true,
	levelSince: true,
	lastAt: true,
	raw: true,
	value: true
});

/** `?from=&to=` of a series: ISO times; the last hour up to now unless given. */
export const metricSeriesQuery = z
	.object({ from: isoInstant.optional(), to: isoInstant.optional() })
	.strict()
	.refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, {
		path: ['to'],
		message: fieldMessage('toAfterFrom')
	});

export const metricSeries = z.object({
	key: z.string(),
	unit: z.string(),
	kind: z.enum(METRIC_KINDS),
	from: z.string(),
	to: z.string(),
	/** The width of a point's bucket, in ms: one sample per point where samples are sparser than this. */
	stepMs: z.number(),
	points: z.array(metricPoint)
});

export const metricTransition = z.object({
	metric: z.string(),
	/** The line breached (the new level), or the one cleared (the level left). */
	level: z.enum(['warning', 'critical']),
	from: z.enum(METRIC_LEVELS),
	to: z.enum(METRIC_LEVELS),
	/** The reading that completed the sustained run, and when it was taken. */
	value: z.number(),
	at: z.string(),
	/** When the run began: the first reading past the line, or back past it by the margin. */
	since: z.string()
});

export type MetricCreateInput = z.infer<typeof metricCreateInput>;
export type MetricDefinition = z.infer<typeof metricDefinition>;
export type MetricPatchInput = z.infer<typeof metricPatchInput>;
export type MetricSamplesInput = z.infer<typeof metricSamplesInput>;
export type MetricSample = z.infer<typeof metricSample>;
export type MetricView = z.infer<typeof metricView>;
export type MetricUpdate = z.infer<typeof metricUpdate>;
export type MetricSeries = z.infer<typeof metricSeries>;
export type MetricTransitionView = z.infer<typeof metricTransition>;
