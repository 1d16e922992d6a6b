/** The metrics' API: definitions (kept with the runbook), sample pushes from monitoring, and series for charts. */
import { z } from 'zod';
import { cutoverParams, metricParams } from '../../shared/schemas/api';
import {
	MAX_SAMPLES_PER_PUSH,
	metricCreateInput,
	metricPatchInput,
	metricSamplesInput,
	metricSamplesResult,
	metricSeries,
	metricSeriesQuery,
	metricView
} from '../../shared/schemas/metrics';
import { endpoint } from '../http/endpoint';
import {
	createMetric,
	listMetrics,
	metricSeries as readSeries,
	pushSamples,
	removeMetric,
	updateMetric
} from './metric.service';

const METRICS = '/api/v1/cutovers/{slug}/metrics';

export const metricEndpoints = [
	endpoint({
		id: 'listMetrics',
		method: 'GET',
		path: METRICS,
		tag: 'metrics',
		summary: 'The metrics with their latest reading, level and last 15 minutes',
		params: cutoverParams,
		ok: { schema: z.object({ items: z.array(metricView) }), description: 'Every metric in board order' },
		errors: [400, 401, 403, 404],
		handle: async ({ ctx, actor, params }) => ({ items: await listMetrics(ctx, actor, params.slug) })
	}),
	endpoint({
		id: 'createMetric',
		method: 'POST',
		path: METRICS,
		tag: 'metrics',
		summary: 'Define a metric (its unit, how to read it, its capacity lines)',
		description:
			'kind: gauge (as pushed), rate (a counter, read as its increase per second), quantile (e.g. a p95, as pushed). warning and critical are lines the readings breach by going above them (direction above) or below them (below), once they stayed past them for sustainSeconds; a breached line clears once the readings stayed back past it by clearMargin for sustainSeconds.',
		access: { permission: 'runbook.edit' },
		params: cutoverParams,
		body: metricCreateInput,
		idempotent: true,
		ok: { status: 201, schema: metricView, description: 'Created' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => createMetric(ctx, actor, params.slug, body)
	}),
	endpoint({
		id: 'updateMetric',
		method: 'PATCH',
		path: `${METRICS}/{key}`,
		tag: 'metrics',
		summary: "Edit a metric's definition",
		description: 'Its state is kept: the next samples are judged against the new lines.',
		access: { permission: 'runbook.edit' },
		params: metricParams,
		body: metricPatchInput,
		ok: { schema: metricView, description: 'The changed metric' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => updateMetric(ctx, actor, params.slug, params.key, body)
	}),
	endpoint({
		id: 'removeMetric',
		method: 'DELETE',
		path: `${METRICS}/{key}`,
		tag: 'metrics',
		summary: 'Remove a metric with its samples',
		access: { permission: 'runbook.edit' },
		params: metricParams,
		ok: { schema: z.object({ removed: z.string() }), description: 'Removed' },
		errors: [400, 401, 403, 404],
		handle: async ({ ctx, actor, params }) => {
			await removeMetric(ctx, actor, params.slug, params.key);
			return { removed: params.key };
		}
	}),
	endpoint({
		id: 'pushSamples',
		method: 'POST',
		path: `${METRICS}/samples`,
		tag: 'metrics',
		summary: 'Push samples (monitoring systems, with a token)',
		description: `{ samples: [{ metric, at, value }] }, up to ${MAX_SAMPLES_PER_PUSH.toLocaleString('en')} a push; at is an ISO 8601 time or epoch milliseconds, at most 5 minutes ahead of the server clock; value a finite number. A batch is kept whole or not at all: the first bad sample (not a sample, an unknown metric, a bad time or value) refuses it with a 400 whose params.index names it. Boards get the latest readings and levels within about a second (coalesced).`,
		access: { permission: 'metrics.write' },
		params: cutoverParams,
		body: metricSamplesInput,
		ok: { schema: metricSamplesResult, description: 'How many samples were kept (all of them)' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => pushSamples(ctx, actor, params.slug, body)
	}),
	endpoint({
		id: 'getMetricSeries',
		method: 'GET',
		path: `${METRICS}/{key}/series`,
		tag: 'metrics',
		summary: "A metric's readings over a range, for a chart",
		description:
			'?from=&to= as ISO times (default: the last hour). At most 720 points: raw samples where still kept, one-minute rollups before that, summed up in equal buckets (a rate: its increase per second between buckets).',
		params: metricParams,
		query: metricSeriesQuery,
		ok: { schema: metricSeries, description: 'The series' },
		errors: [400, 401, 403, 404],
		handle: ({ ctx, actor, params, query }) =>
			readSeries(ctx, actor, params.slug, params.key, { from: query.from, to: query.to })
	})
];
