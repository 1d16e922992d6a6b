/** A metric's binding to a source, checked where the metric is defined (a leaf: the metric rules use it). */
import { fieldIssue } from '../../shared/i18n/field-issues';
import { parseSelector } from '../../shared/metrics/selector';
import type { Tx } from '../db/client';
import { issuesError } from '../errors';
import * as q from './source.queries';

/**
 * What a metric reads of a source, checked where it is defined: the source is the cutover's, and a scrape's
 * selector is a series selector (a PromQL expression is checked by Prometheus at the first pull).
 */
export async function checkMetricSource(
	tx: Tx,
	cutoverId: string,
	source: string | null,
	selector: string | null
): Promise<void> {
	if ((source === null) !== (selector === null))
		throw issuesError([fieldIssue('selector', 'selectorWithSource')]);
	if (source === null) return;
	const row = await q.sourceByKey(tx, cutoverId, source);
	if (!row) throw issuesError([fieldIssue('source', 'sourceUnknown', { key: source })]);
	if (row.kind === 'scrape') checkSelector(selector!);
}

export function checkSelector(selector: string): void {
	const parsed = parseSelector(selector);
	if ('problem' in parsed)
		throw issuesError([fieldIssue('selector', 'selectorInvalid', { problem: parsed.problem })]);
}
