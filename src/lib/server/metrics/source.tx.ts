/**
 * The rules of metric source definitions, inside a cutover's write: the source service defines and changes sources
 * through these, and a runbook import defines the sources its file carries in its own transaction, so a source is
 * checked the same way whichever way it comes.
 */
import type { SourceCreateInput, SourcePatchInput, SourceView } from '../../shared/schemas/metric-sources';
import { fieldIssue } from '../../shared/i18n/field-issues';
import type { Db, Tx } from '../db/client';
import type { MetricSourceRow } from '../db/schema';
import { ConflictError, issuesError } from '../errors';
import type { CutoverWriter } from '../events/event.service';
import { checkSelector } from './source-check';
import * as q from './source.queries';
import { sourceToView } from './views';

export type SourceChanges = Omit<SourcePatchInput, 'expectedVersion'>;

/** A new source, recorded as `metric_source.created`. */
export async function defineSource(w: CutoverWriter, input: SourceCreateInput): Promise<SourceView> {
	if (await q.sourceByKey(w.tx, w.cutover.id, input.key))
		throw new ConflictError({ reason: 'errors.sourceKeyTaken', params: { key: input.key } });
	const view = sourceToView(await q.insertSource(w.tx, { cutoverId: w.cutover.id, ...input }));
	w.record('metric_source.created', { source: view });
	return view;
}

/**
 * A change to a source, recorded as `metric_source.updated`. A source moved elsewhere (another kind or URL) is
 * unknown again until it is pulled: how the old one went says nothing of it.
 */
export async function changeSource(
	w: CutoverWriter,
	current: MetricSourceRow,
	changes: SourceChanges
): Promise<SourceView> {
	const intervalSeconds = changes.intervalSeconds ?? current.intervalSeconds;
	if ((changes.timeoutMs ?? current.timeoutMs) > intervalSeconds * 1000)
		throw issuesError([fieldIssue('timeoutMs', 'timeoutWithinInterval')]);
	// A scrape's metrics read series selectors: each must be one before a query source becomes a scrape.
	if (changes.kind === 'scrape' && current.kind !== 'scrape')
		for (const m of await q.metricsOfSource(w.tx, w.cutover.id, current.key)) checkSelector(m.selector ?? '');
	const moved =
		(changes.kind ?? current.kind) !== current.kind || (changes.url ?? current.url) !== current.url;
	const row = await q.updateSource(w.tx, current.id, {
		...changes,
		...(moved ? { state: 'unknown' as const, lastError: null } : {}),
		version: current.version + 1,
		updatedAt: new Date()
	});
	const view = sourceToView(row!);
	w.record('metric_source.updated', { source: view, changed: Object.keys(changes) });
	return view;
}

/**
 * Defines each source of `definitions` by its key: a new key is created, a known one changed where it differs;
 * sources not listed stay (their metrics may still read them). Returns how many were listed.
 */
export async function putSources(w: CutoverWriter, definitions: SourceCreateInput[]): Promise<number> {
	for (const definition of definitions) {
		const current = await q.sourceByKey(w.tx, w.cutover.id, definition.key);
		if (!current) {
			await defineSource(w, definition);
			continue;
		}
		const { key: _key, ...wanted } = definition;
		const changes = Object.fromEntries(
			Object.entries(wanted).filter(([field, value]) => current[field as keyof MetricSourceRow] !== value)
		) as SourceChanges;
		if (Object.keys(changes).length) await changeSource(w, current, changes);
	}
	return definitions.length;
}

/** The cutover's sources as a runbook file carries them (by key). */
export async function sourceDefinitionsOf(db: Db | Tx, cutoverId: string) {
	return (await q.listSources(db, cutoverId)).map(({ key, kind, url, intervalSeconds, timeoutMs }) => ({
		key,
		kind,
		url,
		intervalSeconds,
		timeoutMs
	}));
}
