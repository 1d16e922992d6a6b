/**
 * The rules of incidents and the services they affect, pure: what a service's status may be, which severities
 * need a Major Incident Manager, how an incident's status may move, what a restoration order may hold, and the
 * status a service shows while incidents affect it. The server enforces them; the UI uses them to offer only what
 * the server takes.
 */

/** A service's status, in the convention of Atlassian Statuspage's components (the public status page speaks it). */
export const SERVICE_STATUSES = [
	'operational',
	'under_maintenance',
	'degraded_performance',
	'partial_outage',
	'major_outage'
] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

export const SEVERITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** The roles of an incident besides its supplier contacts, as timeline entries name them. */
export const INCIDENT_ROLES = ['mim', 'commsLead', 'scribe'] as const;
export type IncidentRole = (typeof INCIDENT_ROLES)[number];

/** How bad a status is: the list above is ordered from best to worst (maintenance is planned, so it ranks low). */
export const statusRank = (status: ServiceStatus): number => SERVICE_STATUSES.indexOf(status);

/** The worse of two statuses. */
export const worse = (a: ServiceStatus, b: ServiceStatus): ServiceStatus =>
	statusRank(b) > statusRank(a) ? b : a;

/** A P1 or a P2 cannot be left without a Major Incident Manager. */
export const severityNeedsMim = (severity: Severity): boolean => severity === 'P1' || severity === 'P2';

/** An incident's severity against another: P1 is the highest. */
export const isRaise = (from: Severity, to: Severity): boolean =>
	SEVERITIES.indexOf(to) < SEVERITIES.indexOf(from);

/**
 * What an incident's severity and MIM must satisfy: a P1 or P2 names its MIM, or says explicitly that the MIM is
 * not known yet (`mimPending`), in which case the board shows "no MIM" until one is named. Null when satisfied.
 */
export function mimRefusal(
	severity: Severity,
	mim: string | null | undefined,
	mimPending: boolean
): 'mimRequired' | null {
	if (!severityNeedsMim(severity)) return null;
	if (mim) return null;
	return mimPending ? null : 'mimRequired';
}

/** Whether the board shows "no MIM": a P1 or P2 without one. */
export const needsMim = (severity: Severity, mim: string | null): boolean =>
	severityNeedsMim(severity) && !mim;

/**
 * Where an incident's status may go from where it is: forward or back among the open statuses (a fix that did
 * not hold sends it back to investigating), to resolved from any of them, and a resolved incident only back to
 * investigating (reopened: the same incident, its clocks kept).
 */
const TRANSITIONS: Record<IncidentStatus, readonly IncidentStatus[]> = {
	investigating: ['identified', 'monitoring', 'resolved'],
	identified: ['investigating', 'monitoring', 'resolved'],
	monitoring: ['investigating', 'identified', 'resolved'],
	resolved: ['investigating']
};

export const allowedStatuses = (from: IncidentStatus): readonly IncidentStatus[] => TRANSITIONS[from];

/** Why an incident may not move from `from` to `to`, or null when it may. */
export function statusRefusal(from: IncidentStatus, to: IncidentStatus): 'same' | 'notAllowed' | null {
	if (from === to) return 'same';
	return TRANSITIONS[from].includes(to) ? null : 'notAllowed';
}

export const isOpen = (status: IncidentStatus): boolean => status !== 'resolved';

/**
 * What is wrong with a restoration order (service keys, the first to restore first): a key named twice, or a
 * service the incident does not affect. Null when it is a good order.
 */
export function restorationOrderProblem(
	order: readonly string[],
	affected: readonly string[]
): { problem: 'duplicate' | 'notAffected'; service: string } | null {
	const seen = new Set<string>();
	const known = new Set(affected);
	for (const key of order) {
		if (seen.has(key)) return { problem: 'duplicate', service: key };
		if (!known.has(key)) return { problem: 'notAffected', service: key };
		seen.add(key);
	}
	return null;
}

/** What a status derivation needs of an incident. */
export interface ImpactSource {
	status: IncidentStatus;
	affected: readonly { service: string; impact: ServiceStatus }[];
}

/** What a status derivation needs of a service: its hand-set status and the maintenance in progress, if any. */
export interface StatusSource {
	key: string;
	status: ServiceStatus;
	/** The published maintenance in progress that holds it (NTC-n), or null. */
	maintenance?: string | null;
}

/**
 * The status a service shows: the worst impact on it among the open incidents affecting it, else its hand-set
 * status, or under maintenance while a maintenance holds it (a worse hand-set status still shows). An impact of
 * `operational` (the service restored while the incident stays open) counts as none.
 */
export function displayedStatus(service: StatusSource, incidents: readonly ImpactSource[]): ServiceStatus {
	let worst: ServiceStatus | null = null;
	for (const incident of incidents) {
		if (!isOpen(incident.status)) continue;
		for (const a of incident.affected)
			if (a.service === service.key && a.impact !== 'operational')
				worst = worst === null ? a.impact : worse(worst, a.impact);
	}
	if (worst !== null) return worst;
	return service.maintenance ? worse(service.status, 'under_maintenance') : service.status;
}

/** The displayed status of every service, by key. */
export function displayedStatuses(
	services: readonly StatusSource[],
	incidents: readonly ImpactSource[]
): Map<string, ServiceStatus> {
	return new Map(services.map((s) => [s.key, displayedStatus(s, incidents)]));
}

/** An incident's reference in its cutover: INC-1, INC-2... */
export const incidentRef = (number: number): string => `INC-${number}`;

/** The number in a reference (INC-12 → 12), or null for anything else. */
export function incidentNumber(ref: string): number | null {
	const m = /^INC-([1-9][0-9]{0,8})$/i.exec(ref);
	return m ? Number(m[1]) : null;
}
