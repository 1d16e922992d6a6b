/**
 * Where golive pulls a cutover's metrics from, besides pushes: a Prometheus text exposition endpoint it scrapes,
 * or a Prometheus server it runs PromQL instant queries against. The URL is fetched by the server.
 */
import { z } from 'zod';
import { fieldMessage } from '../i18n/field-issues';
import { entityKey, isSingleLine, LINE_BREAKS_OR_CONTROL_CHARACTERS } from './common';

/** scrape: a `/metrics` page in the text exposition format; promql: a Prometheus server's HTTP API. */
export const SOURCE_KINDS = ['scrape', 'promql'] as const;
/** unknown: not pulled yet (or changed since); up: the last pull gave every metric a reading; down: it did not. */
export const SOURCE_STATES = ['unknown', 'up', 'down'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
export type SourceState = (typeof SOURCE_STATES)[number];

/** Source keys follow the rules of task keys. */
export const sourceKey = entityKey;

export const MIN_INTERVAL_SECONDS = 5;

const sourceFields = {
	kind: z.enum(SOURCE_KINDS),
	/** An http(s) URL: the page to scrape, or the Prometheus server's base URL (the query path is added). */
	url: z
		.string()
		.trim()
		.max(2000)
		.refine(isSingleLine, LINE_BREAKS_OR_CONTROL_CHARACTERS)
		.url(fieldMessage('httpLink'))
		.refine((u) => /^https?:\/\//i.test(u), fieldMessage('httpLink')),
	intervalSeconds: z.number().int(fieldMessage('wholeNumber')).min(MIN_INTERVAL_SECONDS).max(3_600),
	/** How long a pull may take before the source counts as down; at most the interval (checked with it). */
	timeoutMs: z.number().int(fieldMessage('wholeNumber')).min(100).max(60_000)
};

const timeoutFits = (s: { intervalSeconds?: number; timeoutMs?: number }) =>
	s.intervalSeconds === undefined || s.timeoutMs === undefined || s.timeoutMs <= s.intervalSeconds * 1000;
const timeoutIssue = { path: ['timeoutMs'], message: fieldMessage('timeoutWithinInterval') };

export const sourceCreateInput = z
	.object({
		key: sourceKey,
		kind: sourceFields.kind,
		url: sourceFields.url,
		intervalSeconds: sourceFields.intervalSeconds.default(15),
		timeoutMs: sourceFields.timeoutMs.default(5_000)
	})
	.strict()
	.refine(timeoutFits, timeoutIssue);

/** A source as a runbook file carries it: what `sourceCreateInput` takes, every field written out. */
export const sourceDefinition = z.object({
	key: z.string(),
	kind: z.enum(SOURCE_KINDS),
	url: z.string(),
	intervalSeconds: z.number(),
	timeoutMs: z.number()
});

export const sourcePatchInput = z
	.object({
		kind: sourceFields.kind.optional(),
		url: sourceFields.url.optional(),
		intervalSeconds: sourceFields.intervalSeconds.optional(),
		timeoutMs: sourceFields.timeoutMs.optional(),
		expectedVersion: z.number().int().min(1).optional()
	})
	.strict();

export const sourceView = z.object({
	key: z.string(),
	kind: z.enum(SOURCE_KINDS),
	url: z.string(),
	intervalSeconds: z.number(),
	timeoutMs: z.number(),
	state: z.enum(SOURCE_STATES),
	/** Why the last pull failed (while down). */
	lastError: z.string().nullable(),
	lastPullAt: z.string().nullable(),
	lastSuccessAt: z.string().nullable(),
	version: z.number()
});

/** A change of a source's state, as its event carries it. */
export const sourceStateChange = z.object({ source: sourceView, from: z.enum(SOURCE_STATES) });

export type SourceCreateInput = z.infer<typeof sourceCreateInput>;
export type SourcePatchInput = z.infer<typeof sourcePatchInput>;
export type SourceView = z.infer<typeof sourceView>;
