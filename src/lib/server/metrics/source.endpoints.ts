/** The metric sources' API: where golive pulls a cutover's metrics from (a scrape, or a Prometheus query). */
import { z } from 'zod';
import { cutoverParams, taskParams } from '../../shared/schemas/api';
import { sourceCreateInput, sourcePatchInput, sourceView } from '../../shared/schemas/metric-sources';
import { endpoint } from '../http/endpoint';
import { pullSourceNow } from './source-pull';
import { createSource, listSources, removeSource, updateSource } from './source.service';

const SOURCES = '/api/v1/cutovers/{slug}/metric-sources';
/** Source keys follow the rules of task keys. */
const sourceParams = taskParams;

export const sourceEndpoints = [
	endpoint({
		id: 'listMetricSources',
		method: 'GET',
		path: SOURCES,
		tag: 'metrics',
		summary: 'The metric sources with how their last pull went',
		params: cutoverParams,
		ok: { schema: z.object({ items: z.array(sourceView) }), description: 'Every source, by key' },
		errors: [400, 401, 403, 404],
		handle: async ({ ctx, actor, params }) => ({ items: await listSources(ctx, actor, params.slug) })
	}),
	endpoint({
		id: 'createMetricSource',
		method: 'POST',
		path: SOURCES,
		tag: 'metrics',
		summary: 'Define a metric source golive pulls',
		description:
			"kind: scrape (url: a Prometheus text exposition page, e.g. the service's own /metrics) or promql (url: a Prometheus server's base URL; each metric's selector is run as an instant query at /api/v1/query). The URL is fetched by the golive server, every intervalSeconds (at least 5), and must answer within timeoutMs. A metric reads a source by naming it with a selector (see createMetric).",
		access: { permission: 'runbook.edit' },
		params: cutoverParams,
		body: sourceCreateInput,
		idempotent: true,
		ok: { status: 201, schema: sourceView, description: 'Created' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => createSource(ctx, actor, params.slug, body)
	}),
	endpoint({
		id: 'updateMetricSource',
		method: 'PATCH',
		path: `${SOURCES}/{key}`,
		tag: 'metrics',
		summary: 'Edit a metric source',
		description: 'A new kind or URL makes its state unknown until the next pull.',
		access: { permission: 'runbook.edit' },
		params: sourceParams,
		body: sourcePatchInput,
		ok: { schema: sourceView, description: 'The changed source' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => updateSource(ctx, actor, params.slug, params.key, body)
	}),
	endpoint({
		id: 'removeMetricSource',
		method: 'DELETE',
		path: `${SOURCES}/{key}`,
		tag: 'metrics',
		summary: 'Remove a metric source no metric reads',
		access: { permission: 'runbook.edit' },
		params: sourceParams,
		ok: { schema: z.object({ removed: z.string() }), description: 'Removed' },
		errors: [400, 401, 403, 404, 409],
		handle: async ({ ctx, actor, params }) => {
			await removeSource(ctx, actor, params.slug, params.key);
			return { removed: params.key };
		}
	}),
	endpoint({
		id: 'pullMetricSource',
		method: 'POST',
		path: `${SOURCES}/{key}/pull`,
		tag: 'metrics',
		summary: 'Pull a metric source now, to test it',
		description:
			"Its metrics' readings are kept as a scheduled pull keeps them; the answer is the source with how the pull went (state, lastError).",
		access: { permission: 'runbook.edit' },
		params: sourceParams,
		ok: { schema: sourceView, description: 'The source after the pull' },
		errors: [400, 401, 403, 404],
		handle: ({ ctx, actor, params }) => pullSourceNow(ctx, actor, params.slug, params.key)
	})
];
