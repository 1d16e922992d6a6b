import { displayedStatus, incidentRef, needsMim, type ImpactSource } from '../../shared/incidents/rules';
import type {
	IncidentDetail,
	IncidentView,
	ServiceView,
	TimelineEntry
} from '../../shared/schemas/incidents';
import type { IncidentRow, ServiceRow, TimelineRow } from '../db/schema';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A service as it shows, given the open incidents and the maintenance in progress that holds it (NTC-n). */
export const serviceToView = (
	row: ServiceRow,
	open: readonly ImpactSource[],
	maintenance: string | null
): ServiceView => ({
	key: row.key,
	name: row.name,
	status: row.status,
	displayedStatus: displayedStatus({ ...row, maintenance }, open),
	maintenance,
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
	signoff:
		row.signoffSystem !== null && row.signoffSeq !== null
			? { system: row.signoffSystem, seq: row.signoffSeq }
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
