import type { CutoverEvent } from '../../shared/events';
import { displayedStatus, incidentRef, needsMim, type ImpactSource } from '../../shared/incidents/rules';
import type {
	IncidentDetail,
	IncidentView,
	ServiceView,
	TimelineEntry
} from '../../shared/schemas/incidents';
import type { IncidentRow, ServiceRow, TimelineRow } from '../db/schema';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const serviceToView = (row: ServiceRow, open: readonly ImpactSource[]): ServiceView => ({
	key: row.key,
	name: row.name,
	status: row.status,
	displayedStatus: displayedStatus(row, open),
	statusNote: row.statusNote,
	statusBy: row.statusBy,
	statusAt: iso(row.statusAt),
	restriction: row.restriction,
	position: row.position,
	version: row.version
});

export const incidentToView = (row: IncidentRow): IncidentView => ({
	ref: incidentRef(row.number),
	number: row.number,
	title: row.title,
	severity: row.severity,
	status: row.status,
	affected: row.affected,
	priorities: row.priorities,
	roles: { mim: row.mim, commsLead: row.commsLead, scribe: row.scribe, suppliers: row.suppliers },
	mimPending: row.mimPending,
	needsMim: needsMim(row.severity, row.mim),
	breach:
		row.breachMetric !== null && row.breachSeq !== null
			? { metric: row.breachMetric, seq: row.breachSeq }
			: null,
	startedAt: row.startedAt.toISOString(),
	detectedAt: row.detectedAt.toISOString(),
	mimNamedAt: iso(row.mimNamedAt),
	resolvedAt: iso(row.resolvedAt),
	openedAt: row.openedAt.toISOString(),
	openedBy: row.openedBy,
	openedSeq: row.openedSeq,
	resolvedSeq: row.resolvedSeq,
	version: row.version
});

export const entryToView = (row: TimelineRow): TimelineEntry => ({
	id: row.id,
	seq: row.seq,
	at: row.at.toISOString(),
	by: row.actorName,
	text: row.text,
	detail: row.detail
});

export const incidentToDetail = (row: IncidentRow, timeline: readonly TimelineEntry[]): IncidentDetail => ({
	...incidentToView(row),
	timeline: [...timeline]
});

/** The events of the cutover's log an incident's timeline shows beside its own entries. */
export const LOGGED_ON_TIMELINE = ['decision.recorded', 'opening.restricted', 'opening.lifted'] as const;

/** A logged event as a timeline entry (decisions and the opening's restrictions); null for any other. */
export function loggedEntry(event: CutoverEvent): TimelineEntry | null {
	const base = { id: null, seq: event.seq, at: event.at, by: event.actor.name };
	switch (event.type) {
		case 'decision.recorded':
			return {
				...base,
				text: event.data.outcome.rationale,
				detail: {
					kind: 'decision',
					decision: event.data.decision.key,
					title: event.data.decision.title,
					outcome: event.data.outcome.kind
				}
			};
		case 'opening.restricted':
		case 'opening.lifted':
			return {
				...base,
				text: event.data.act.note,
				detail: {
					kind: 'opening',
					act: event.type === 'opening.restricted' ? 'restricted' : 'lifted',
					part: event.data.act.part
				}
			};
		default:
			return null;
	}
}

/** An incident's own entries merged with the logged ones of its span, in the log's order (by seq, then id). */
export function mergeTimeline(
	own: readonly TimelineEntry[],
	logged: readonly CutoverEvent[]
): TimelineEntry[] {
	const fromLog = logged.map(loggedEntry).filter((e): e is TimelineEntry => e !== null);
	return [...own, ...fromLog].sort((a, b) => a.seq - b.seq || (a.id ?? 0) - (b.id ?? 0));
}
