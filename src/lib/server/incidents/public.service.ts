/**
 * Public reads of the public part of incidents, for the status page: no actor, since the page has no account.
 * Only what a public reader may see leaves here: services with the status they show, and incidents' statuses,
 * impacts and times (never their roles, suppliers or internal timeline).
 */
import { incidentRef } from '../../shared/incidents/rules';
import type { AffectedView, ServiceView } from '../../shared/schemas/incidents';
import type { IncidentStatus, ServiceStatus } from '../../shared/incidents/rules';
import type { Db } from '../db/client';
import { servicesOf } from './catalogue.service';
import * as q from './public.queries';

export interface PublicService {
	key: string;
	name: string;
	/** The status it shows (an open incident's worst impact, else the one set by hand). */
	status: ServiceStatus;
	position: number;
	/** When its status was last set by hand, or null. */
	statusAt: string | null;
}

export interface PublicIncident {
	id: string;
	cutoverId: string;
	ref: string;
	status: IncidentStatus;
	affected: AffectedView[];
	startedAt: string;
	resolvedAt: string | null;
}

const publicService = (view: ServiceView): PublicService => ({
	key: view.key,
	name: view.name,
	status: view.displayedStatus,
	position: view.position,
	statusAt: view.statusAt
});

/** The services and incidents of the cutovers shown on the public page, by cutover. */
export async function publicIncidentState(
	db: Db,
	cutoverIds: readonly string[]
): Promise<{ services: Map<string, PublicService[]>; incidents: PublicIncident[] }> {
	if (cutoverIds.length === 0) return { services: new Map(), incidents: [] };
	// The catalogue's own read, so the public sees exactly the status the board derives.
	const [catalogues, incidentRows] = await Promise.all([
		Promise.all(cutoverIds.map((id) => servicesOf(db, id))),
		q.incidentsOfCutovers(db, cutoverIds)
	]);
	const services = new Map(cutoverIds.map((id, i) => [id, catalogues[i].map(publicService)]));
	const incidents = incidentRows.map((i) => ({
		id: i.id,
		cutoverId: i.cutoverId,
		ref: incidentRef(i.number),
		status: i.status,
		affected: i.affected,
		startedAt: i.startedAt.toISOString(),
		resolvedAt: i.resolvedAt?.toISOString() ?? null
	}));
	return { services, incidents };
}
