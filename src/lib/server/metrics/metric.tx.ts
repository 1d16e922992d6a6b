/**
 * The rules of metric definitions, inside a cutover's write: the metric service defines, changes and removes
 * metrics through these, and other areas use them in their own transaction (a runbook import defines the metrics
 * it carries), so a metric is checked the same way whichever way it comes. A leaf: it imports no other area.
 */
import { linesInOrder } from '../../shared/schemas/metrics';
import type {
	MetricCreateInput,
	MetricDefinition,
	MetricPatchInput,
	MetricView
} from '../../shared/schemas/metrics';
import type { MetricRow } from '../db/schema';
import { ConflictError, ValidationError } from '../errors';
import type { CutoverWriter } from '../events/event.service';
import * as q from './metric.queries';
import { checkMetricSource } from './source-check';
import { downSourceKeys } from './source.queries';
import { metricToView } from './views';

export { listMetrics as metricsOf } from './metric.queries';

/** A metric to define: pushed unless it names a source and a selector. */
export type NewMetric = Omit<MetricCreateInput, 'source' | 'selector'> &
	Partial<Pick<MetricCreateInput, 'source' | 'selector'>>;

export type MetricChanges = Omit<MetricPatchInput, 'expectedVersion'>;

/** A new metric at the end of the board (or at its position), recorded as `metric.created`. */
export async function defineMetric(
	w: CutoverWriter,
	input: Omit<MetricCreateInput, 'source' | 'selector'> &
		Partial<Pick<MetricCreateInput, 'source' | 'selector'>>
): Promise<MetricView> {
	// `.../metrics/samples` is where samples are pushed: a metric of that key could not be edited by its path.
	if (input.key === 'samples')
		throw new ValidationError({ reason: 'errors.decisionKeyReserved', params: { key: input.key } });
	const cutoverId = w.cutover.id;
	if (await q.metricByKey(w.tx, cutoverId, input.key))
		throw new ConflictError({ reason: 'errors.metricKeyTaken', params: { key: input.key } });
	const { source = null, selector = null, ...definition } = input;
	await checkMetricSource(w.tx, cutoverId, source, selector);
	const row = await q.insertMetric(w.tx, {
		cutoverId,
		...definition,
		sourceKey: source,
		selector,
		position: input.position ?? (await q.nextMetricPosition(w.tx, cutoverId))
	});
	const view = metricToView(row, [], await downSourceKeys(w.tx, cutoverId));
	w.record('metric.created', { metric: view });
	return view;
}

/**
 * A change to a metric's definition, recorded as `metric.updated`. Its state is kept: the next samples are judged
 * against the new lines (a line removed clears then).
 */
export async function changeMetric(
	w: CutoverWriter,
	current: MetricRow,
	changes: MetricChanges
): Promise<MetricView> {
	const direction = changes.direction ?? current.direction;
	const warning = changes.warning === undefined ? current.warning : changes.warning;
	const critical = changes.critical === undefined ? current.critical : changes.critical;
	if (!linesInOrder(direction, warning, critical))
		throw new ValidationError({
			reason: 'errors.metricLinesOrder',
			params: {
				side: direction,
				warning: warning!,
				direction: direction === 'above' ? 'upwards' : 'downwards'
			}
		});
	const { source, ...fields } = changes;
	if (source !== undefined || fields.selector !== undefined)
		await checkMetricSource(
			w.tx,
			current.cutoverId,
			source === undefined ? current.sourceKey : source,
			fields.selector === undefined ? current.selector : fields.selector
		);
	const row = await q.updateMetric(w.tx, current.id, {
		...fields,
		...(source === undefined ? {} : { sourceKey: source }),
		version: current.version + 1,
		updatedAt: new Date()
	});
	const view = metricToView(row, [], await downSourceKeys(w.tx, current.cutoverId));
	w.record('metric.updated', { metric: view, changed: Object.keys(changes) });
	return view;
}

/** Removes a metric with its samples and rollups, recorded as `metric.removed`. */
export async function dropMetric(w: CutoverWriter, current: MetricRow): Promise<void> {
	await q.deleteMetric(w.tx, current.id);
	w.record('metric.removed', { key: current.key });
}

/** What of a definition (and its place) differs from the metric as it is; a source left out is no change. */
function differences(current: MetricRow, wanted: MetricDefinition & { position: number }): MetricChanges {
	const changes: Record<string, unknown> = {};
	for (const [field, value] of Object.entries(wanted)) {
		const column = (field === 'source' ? 'sourceKey' : field) as keyof MetricRow;
		if (field !== 'key' && value !== undefined && current[column] !== value) changes[field] = value;
	}
	return changes as MetricChanges;
}

/**
 * Makes the cutover's metrics exactly `definitions`, in that board order: a new key is defined, a known one changed
 * where it differs (keeping its samples and level), and a metric not listed is removed with its samples.
 */
export async function replaceMetrics(w: CutoverWriter, definitions: MetricDefinition[]): Promise<number> {
	const current = new Map((await q.listMetrics(w.tx, w.cutover.id)).map((m) => [m.key, m]));
	const listed = new Set(definitions.map((d) => d.key));
	for (const row of current.values()) if (!listed.has(row.key)) await dropMetric(w, row);
	for (const [i, definition] of definitions.entries()) {
		const wanted = { ...definition, position: i + 1 };
		const row = current.get(definition.key);
		if (!row) await defineMetric(w, wanted);
		else {
			const changes = differences(row, wanted);
			if (Object.keys(changes).length) await changeMetric(w, row, changes);
		}
	}
	return definitions.length;
}
