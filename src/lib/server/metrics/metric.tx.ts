/**
 * The rules of metric definitions, inside a cutover's write: the metric service defines, changes and removes
 * metrics through these, and other areas use them in their own transaction (a runbook import defines the metrics
 * it carries), so a metric is checked the same way whichever way it comes. Of other areas it reads only the
 * catalogue of services (through its service), which a metric's services must name.
 */
import { linesInOrder } from '../../shared/schemas/metrics';
import type {
	MetricCreateInput,
	MetricDefinition,
	MetricPatchInput,
	MetricView
} from '../../shared/schemas/metrics';
import type { MetricRow } from '../db/schema';
import { fieldIssue } from '../../shared/i18n/field-issues';
import { ConflictError, issuesError, ValidationError } from '../errors';
import type { Tx } from '../db/client';
import type { CutoverWriter } from '../events/event.service';
import { servicesOf } from '../incidents/catalogue.service';
import * as q from './metric.queries';
import { checkMetricSource } from './source-check';
import { downSourceKeys } from './source.queries';
import { metricToView } from './views';

export { listMetrics as metricsOf } from './metric.queries';

/** A metric to define: pushed unless it names a source and a selector; of no service unless it names some. */
type Optional = 'source' | 'selector' | 'services';
export type NewMetric = Omit<MetricCreateInput, Optional> & Partial<Pick<MetricCreateInput, Optional>>;

export type MetricChanges = Omit<MetricPatchInput, 'expectedVersion'>;

/** A new metric at the end of the board (or at its position), recorded as `metric.created`. */
export async function defineMetric(w: CutoverWriter, input: NewMetric): Promise<MetricView> {
	// `.../metrics/samples` is where samples are pushed: a metric of that key could not be edited by its path.
	if (input.key === 'samples')
		throw new ValidationError({ reason: 'errors.decisionKeyReserved', params: { key: input.key } });
	const cutoverId = w.cutover.id;
	if (await q.metricByKey(w.tx, cutoverId, input.key))
		throw new ConflictError({ reason: 'errors.metricKeyTaken', params: { key: input.key } });
	const { source = null, selector = null, services = [], ...definition } = input;
	await checkMetricSource(w.tx, cutoverId, source, selector);
	await checkServices(w.tx, cutoverId, services);
	const row = await q.insertMetric(w.tx, {
		cutoverId,
		...definition,
		services,
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
	if (fields.services !== undefined) await checkServices(w.tx, current.cutoverId, fields.services);
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

/** A metric names only services of the cutover's catalogue (a 400 naming the first it lacks). */
async function checkServices(tx: Tx, cutoverId: string, keys: readonly string[]): Promise<void> {
	if (keys.length === 0) return;
	const known = new Set((await servicesOf(tx, cutoverId)).map((s) => s.key));
	const unknown = keys.findIndex((key) => !known.has(key));
	if (unknown >= 0)
		throw issuesError([fieldIssue(`services.${unknown}`, 'serviceUnknown', { key: keys[unknown] })]);
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
		const same = Array.isArray(value)
			? JSON.stringify(current[column]) === JSON.stringify(value)
			: current[column] === value;
		if (field !== 'key' && value !== undefined && !same) changes[field] = value;
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
