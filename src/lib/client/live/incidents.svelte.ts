/**
 * Services and incidents on a live board. Each incident event carries the incident after the act and the
 * timeline entries it added, so an incident is replaced and its timeline appended to (an entry already held, as
 * after a resync, is not added twice). What a service shows is derived here from the open incidents, as the
 * server derives it (shared/incidents/rules.ts), so a change of impact moves the services' statuses at once.
 */
import type { BoardSnapshot } from '../../shared/events';
import { displayedStatuses, isOpen } from '../../shared/incidents/rules';
import type {
	IncidentDetail,
	IncidentView,
	ServiceView,
	TimelineEntry
} from '../../shared/schemas/incidents';
import type { LiveSlice, Reducers } from './slices';

type IncidentEvents =
	| 'service.created'
	| 'service.updated'
	| 'service.removed'
	| 'incident.opened'
	| 'incident.updated'
	| 'incident.timeline'
	| 'incident.report_requested'
	| 'incident.report_submitted'
	| 'incident.rca_recorded';

/** What a board knows of an incident's reports from the events it saw: so it shows that a report arrived. */
export interface ReportsSeen {
	requested: number;
	submitted: number;
	/** The latest report's supplier organisation and time. */
	latest: { organisation: string; version: number; at: string } | null;
	/** The version of the latest root-cause analysis (0: none seen). */
	rcaVersion: number;
}

const NO_REPORTS: ReportsSeen = { requested: 0, submitted: 0, latest: null, rcaVersion: 0 };

/** Open incidents first (most severe, then newest), then the resolved ones, newest first: as the server lists them. */
export function orderIncidents<T extends IncidentView>(list: readonly T[]): T[] {
	return [...list].sort((a, b) => {
		const open = Number(isOpen(b.status)) - Number(isOpen(a.status));
		if (open !== 0) return open;
		if (isOpen(a.status) && a.severity !== b.severity) return a.severity < b.severity ? -1 : 1;
		return b.number - a.number;
	});
}

/** A timeline with entries added in order, each once (by id; entries from the log have none and are not held). */
export function withEntries(
	timeline: readonly TimelineEntry[],
	entries: readonly TimelineEntry[]
): TimelineEntry[] {
	const held = new Set(timeline.map((e) => e.id));
	const added = entries.filter((e) => e.id === null || !held.has(e.id));
	return added.length ? [...timeline, ...added] : [...timeline];
}

export class IncidentsSlice implements LiveSlice<IncidentEvents> {
	/** The catalogue as the server last sent it, in order. */
	serviceList = $state.raw<ServiceView[]>([]);
	/** Every incident with its own timeline, open ones first. */
	incidents = $state.raw<IncidentDetail[]>([]);
	/** Report requests, reports and analyses seen since the board loaded, by incident ref. */
	reports = $state.raw<Record<string, ReportsSeen>>({});

	/** The services, each with the status it shows given the open incidents held now. */
	readonly services = $derived.by((): ServiceView[] => {
		const shown = displayedStatuses(this.serviceList, this.incidents);
		return this.serviceList.map((s) => {
			const displayedStatus = shown.get(s.key) ?? s.status;
			return displayedStatus === s.displayedStatus ? s : { ...s, displayedStatus };
		});
	});
	readonly open = $derived(this.incidents.filter((i) => isOpen(i.status)));
	readonly history = $derived(this.incidents.filter((i) => !isOpen(i.status)));

	readonly reducers: Reducers<IncidentEvents> = {
		'service.created': ({ data }) => this.#putService(data.service),
		'service.updated': ({ data }) => this.#putService(data.service),
		'service.removed': ({ data }) => (this.serviceList = this.serviceList.filter((s) => s.key !== data.key)),
		'incident.opened': ({ data }) => this.#putIncident(data.incident, data.entries),
		'incident.updated': ({ data }) => this.#putIncident(data.incident, data.entries),
		'incident.timeline': ({ data }) => {
			this.incidents = this.incidents.map((i) =>
				i.ref === data.ref ? { ...i, timeline: withEntries(i.timeline, [data.entry]) } : i
			);
		},
		'incident.report_requested': ({ data }) =>
			this.#seen(data.ref, (r) => ({ ...r, requested: r.requested + 1 })),
		'incident.report_submitted': ({ data }) =>
			this.#seen(data.ref, (r) => ({
				...r,
				submitted: r.submitted + 1,
				latest: {
					organisation: data.report.supplier.organisation,
					version: data.report.version,
					at: data.report.submittedAt
				}
			})),
		'incident.rca_recorded': ({ data }) =>
			this.#seen(data.ref, (r) => ({ ...r, rcaVersion: Math.max(r.rcaVersion, data.rca.version) }))
	};

	/** What the board saw of an incident's reports. */
	reportsOf(ref: string): ReportsSeen {
		return this.reports[ref] ?? NO_REPORTS;
	}

	#seen(ref: string, change: (r: ReportsSeen) => ReportsSeen): void {
		this.reports = { ...this.reports, [ref]: change(this.reportsOf(ref)) };
	}

	reset(snapshot: BoardSnapshot): void {
		this.serviceList = snapshot.services;
		this.incidents = snapshot.incidents;
	}

	incident(ref: string): IncidentDetail | undefined {
		return this.incidents.find((i) => i.ref === ref);
	}

	#putService(next: ServiceView): void {
		const others = this.serviceList.filter((s) => s.key !== next.key);
		this.serviceList = [...others, next].sort((a, b) => a.position - b.position || (a.key < b.key ? -1 : 1));
	}

	#putIncident(next: IncidentView, entries: readonly TimelineEntry[]): void {
		const current = this.incident(next.ref);
		const detail: IncidentDetail = { ...next, timeline: withEntries(current?.timeline ?? [], entries) };
		this.incidents = orderIncidents(
			current ? this.incidents.map((i) => (i.ref === next.ref ? detail : i)) : [...this.incidents, detail]
		);
	}
}
