/**
 * The public status page's model, pure: from the public cutovers, their services and incidents and their
 * published notices, at a moment, what the page shows (the overall indicator, open incidents with their latest
 * update, maintenance in progress and upcoming, the last 14 days), and when it next changes by the clock alone
 * (a maintenance starting or ending, a notice leaving the history). Every rendering (HTML, feeds, Statuspage
 * JSON) is drawn from it.
 */
import {
	maintenanceState,
	NOTICE_LANGS,
	type MaintenanceState,
	type NoticeLang,
	type NoticeTexts
} from '../../shared/notices/rules';
import { type IncidentStatus, type ServiceStatus } from '../../shared/incidents/rules';
import type { PublicIncident, PublicService } from '../incidents/public.service';
import type { PublicCutover, PublicNotice, PublicNoticeEntry } from '../notices/public.service';

export const HISTORY_DAYS = 14;
const DAY_MS = 86_400_000;

/** Statuspage's overall indicator and incident impact. */
export type Impact = 'none' | 'minor' | 'major' | 'critical';
/** What the overall description says: an impact, or maintenance when nothing is worse. */
export type Overall = Impact | 'maintenance';

export interface StatusInput {
	now: number;
	cutovers: readonly PublicCutover[];
	services: ReadonlyMap<string, readonly PublicService[]>;
	incidents: readonly PublicIncident[];
	notices: readonly PublicNotice[];
}

export interface ShownNotice extends PublicNotice {
	cutover: PublicCutover;
	/** The entry whose texts the notice shows now: the latest that is not a withdrawal. */
	latest: PublicNoticeEntry;
	/** The withdrawal, when withdrawn. */
	withdrawal: PublicNoticeEntry | null;
	/** The time of its latest entry. */
	updatedAt: string;
	/** An incident notice's public status. */
	incidentStatus: IncidentStatus | null;
	maintenanceState: MaintenanceState | null;
	impact: Impact;
	/** The services it concerns (its own, and those its incident affects), in the catalogue's order. */
	concerned: PublicService[];
}

export interface ServiceGroup {
	cutover: PublicCutover;
	services: readonly PublicService[];
}

export interface StatusModel {
	/** The latest change the page shows (Statuspage's `page.updated_at`), or null when it shows nothing yet. */
	updatedAt: string | null;
	groups: ServiceGroup[];
	overall: Overall;
	openIncidents: ShownNotice[];
	activeMaintenance: ShownNotice[];
	upcomingMaintenance: ShownNotice[];
	/** Every notice with an entry in the last 14 days, newest first (withdrawn ones too, marked). */
	history: ShownNotice[];
	/** Every notice shown anywhere (published, or withdrawn in the last 14 days), newest first. */
	notices: ShownNotice[];
	/** When the model changes by the clock alone, or null. */
	nextChangeAt: number | null;
}

const IMPACT_OF: Record<ServiceStatus, Impact> = {
	operational: 'none',
	under_maintenance: 'none',
	degraded_performance: 'minor',
	partial_outage: 'major',
	major_outage: 'critical'
};
const IMPACTS: readonly Impact[] = ['none', 'minor', 'major', 'critical'];
const worstImpact = (impacts: Iterable<Impact>): Impact => {
	let worst: Impact = 'none';
	for (const i of impacts) if (IMPACTS.indexOf(i) > IMPACTS.indexOf(worst)) worst = i;
	return worst;
};

/** A notice's text in `lang`, else in the first language it has (fi, sv, en), with the language it is in. */
export function textIn(
	texts: NoticeTexts,
	lang: NoticeLang
): { title: string; body: string; lang: NoticeLang } | null {
	for (const l of [lang, ...NOTICE_LANGS]) {
		const t = texts[l];
		if (t && t.title.trim() !== '') return { ...t, lang: l };
	}
	return null;
}

function incidentStatusOf(notice: PublicNotice, incident: PublicIncident | undefined): IncidentStatus {
	// A resolved incident is resolved on the page too; otherwise the page says what comms last said.
	if (incident?.status === 'resolved') return 'resolved';
	const said = notice.entries.findLast((e) => e.incidentStatus !== null)?.incidentStatus;
	return said ?? incident?.status ?? 'investigating';
}

function shown(
	notice: PublicNotice,
	input: StatusInput,
	cutover: PublicCutover,
	incidents: ReadonlyMap<string, PublicIncident>
): ShownNotice | null {
	const latest = notice.entries.findLast((e) => e.kind !== 'withdrawn');
	if (!latest) return null;
	const services = input.services.get(notice.cutoverId) ?? [];
	const incident = notice.incidentId ? incidents.get(notice.incidentId) : undefined;
	const concerned = services.filter(
		(s) => notice.services.includes(s.key) || incident?.affected.some((a) => a.service === s.key)
	);
	const impact =
		notice.kind !== 'incident'
			? 'none'
			: incident
				? worstImpact(incident.affected.filter((a) => a.restoredAt === null).map((a) => IMPACT_OF[a.impact]))
				: worstImpact(concerned.map((s) => IMPACT_OF[s.status]));
	return {
		...notice,
		cutover,
		latest,
		withdrawal: notice.entries.findLast((e) => e.kind === 'withdrawn') ?? null,
		updatedAt: notice.entries.at(-1)!.at,
		incidentStatus: notice.kind === 'incident' ? incidentStatusOf(notice, incident) : null,
		maintenanceState: notice.maintenance
			? maintenanceState(
					Date.parse(notice.maintenance.startsAt),
					Date.parse(notice.maintenance.endsAt),
					input.now
				)
			: null,
		impact,
		concerned
	};
}

const byTimeDesc = (a: ShownNotice, b: ShownNotice) => b.updatedAt.localeCompare(a.updatedAt);
const byStart = (a: ShownNotice, b: ShownNotice) =>
	a.maintenance!.startsAt.localeCompare(b.maintenance!.startsAt);

export function statusModel(input: StatusInput): StatusModel {
	const { now } = input;
	const cutovers = new Map(input.cutovers.map((c) => [c.id, c]));
	const incidents = new Map(input.incidents.map((i) => [i.id, i]));
	const notices = input.notices
		.map((n) => {
			const cutover = cutovers.get(n.cutoverId);
			return cutover ? shown(n, input, cutover, incidents) : null;
		})
		.filter((n) => n !== null);
	const live = notices.filter((n) => !n.withdrawn);

	const openIncidents = live.filter((n) => n.kind === 'incident' && n.incidentStatus !== 'resolved');
	const maintenance = live.filter((n) => n.kind === 'maintenance' && n.maintenance);
	const activeMaintenance = maintenance.filter((n) => n.maintenanceState === 'in_progress').sort(byStart);
	const upcomingMaintenance = maintenance.filter((n) => n.maintenanceState === 'upcoming').sort(byStart);
	const historyFrom = now - HISTORY_DAYS * DAY_MS;
	const history = notices.filter((n) => Date.parse(n.updatedAt) >= historyFrom).sort(byTimeDesc);

	const groups = input.cutovers.map((cutover) => ({
		cutover,
		services: input.services.get(cutover.id) ?? []
	}));
	const statuses = groups.flatMap((g) => g.services.map((s) => s.status));
	const impact = worstImpact([...statuses.map((s) => IMPACT_OF[s]), ...openIncidents.map((n) => n.impact)]);
	const underMaintenance = activeMaintenance.length > 0 || statuses.includes('under_maintenance');

	const changes = [
		...maintenance.flatMap((n) => [Date.parse(n.maintenance!.startsAt), Date.parse(n.maintenance!.endsAt)]),
		...history.map((n) => Date.parse(n.updatedAt) + HISTORY_DAYS * DAY_MS)
	].filter((t) => t > now);

	const times = [
		...notices.map((n) => n.updatedAt),
		...groups.flatMap((g) => g.services.map((s) => s.statusAt ?? '')),
		...input.incidents.flatMap((i) => [
			i.startedAt,
			i.resolvedAt ?? '',
			...i.affected.flatMap((a) => [a.since, a.restoredAt ?? ''])
		])
	].filter((t) => t !== '' && Date.parse(t) <= now);

	return {
		updatedAt: times.length ? times.reduce((a, b) => (a > b ? a : b)) : null,
		groups,
		overall: impact === 'none' && underMaintenance ? 'maintenance' : impact,
		openIncidents: openIncidents.sort(byTimeDesc),
		activeMaintenance,
		upcomingMaintenance,
		history,
		notices: notices.sort(byTimeDesc),
		nextChangeAt: changes.length ? Math.min(...changes) : null
	};
}
