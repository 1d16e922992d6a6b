/** The API of services and incidents: the catalogue and its statuses, incidents and the room's acts on them. */
import { z } from 'zod';
import { cutoverParams } from '../../shared/schemas/api';
import {
	incidentDetail,
	incidentNoteInput,
	incidentOpenInput,
	incidentParams,
	incidentPrioritiesInput,
	incidentRolesInput,
	incidentServicesInput,
	incidentSeverityInput,
	incidentStatusInput,
	incidentView,
	serviceCreateInput,
	serviceLiftInput,
	serviceParams,
	servicePatchInput,
	serviceRestrictInput,
	serviceStatusInput,
	serviceView,
	timelineEntry,
	type IncidentView
} from '../../shared/schemas/incidents';
import type { Actor } from '../auth/actor';
import type { Ctx } from '../context';
import { endpoint } from '../http/endpoint';
import {
	createService,
	liftServiceRestriction,
	listServices,
	removeService,
	restrictService,
	setServiceStatus,
	updateService
} from './catalogue.service';
import {
	addIncidentNote,
	getIncident,
	listIncidents,
	openIncident,
	setIncidentPriorities,
	setIncidentRoles,
	setIncidentServices,
	setIncidentSeverity,
	setIncidentStatus
} from './incident.service';

const SERVICES = '/api/v1/cutovers/{slug}/services';
const INCIDENTS = '/api/v1/cutovers/{slug}/incidents';
const KEEP = { permission: 'service.manage' } as const;
const MANAGE = { permission: 'incident.manage', named: 'mim' } as const;
const serviceOk = { schema: serviceView, description: 'The service after the change' };

/** One of the room's acts on an incident: answered with the incident after it. */
function incidentAct<B extends z.ZodType>(
	id: string,
	method: 'POST' | 'PUT',
	path: string,
	summary: string,
	description: string,
	body: B,
	run: (ctx: Ctx, actor: Actor, slug: string, ref: string, input: z.output<B>) => Promise<IncidentView>
) {
	return endpoint({
		id,
		method,
		path: `${INCIDENTS}/{ref}/${path}`,
		tag: 'incidents',
		summary,
		description:
			`${description} expectedVersion (the incident's version the caller saw) refuses the act with 409 when someone changed it meanwhile.`.trim(),
		access: MANAGE,
		params: incidentParams,
		body,
		idempotent: method === 'POST',
		ok: { schema: incidentView, description: 'The incident after the act' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body: input }) =>
			run(ctx, actor, params.slug, params.ref, input as z.output<B>)
	});
}

export const incidentEndpoints = [
	endpoint({
		id: 'listServices',
		method: 'GET',
		path: SERVICES,
		tag: 'services',
		summary: 'The catalogue of services, each with its own status, the status it shows and its restriction',
		params: cutoverParams,
		ok: { schema: z.object({ items: z.array(serviceView) }), description: 'Every service, in order' },
		errors: [400, 401, 403, 404],
		handle: async ({ ctx, actor, params }) => ({ items: await listServices(ctx, actor, params.slug) })
	}),
	endpoint({
		id: 'createService',
		method: 'POST',
		path: SERVICES,
		tag: 'services',
		summary: 'Add a service to the catalogue',
		access: KEEP,
		params: cutoverParams,
		body: serviceCreateInput,
		idempotent: true,
		ok: { status: 201, schema: serviceView, description: 'Added' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => createService(ctx, actor, params.slug, body)
	}),
	endpoint({
		id: 'updateService',
		method: 'PATCH',
		path: `${SERVICES}/{key}`,
		tag: 'services',
		summary: 'Rename a service or move it in the catalogue',
		access: KEEP,
		params: serviceParams,
		body: servicePatchInput,
		ok: serviceOk,
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => updateService(ctx, actor, params.slug, params.key, body)
	}),
	endpoint({
		id: 'removeService',
		method: 'DELETE',
		path: `${SERVICES}/{key}`,
		tag: 'services',
		summary: 'Remove a service no open incident affects',
		access: KEEP,
		params: serviceParams,
		ok: { schema: z.object({ removed: z.string() }), description: 'Removed' },
		errors: [400, 401, 403, 404, 409],
		handle: async ({ ctx, actor, params }) => {
			await removeService(ctx, actor, params.slug, params.key);
			return { removed: params.key };
		}
	}),
	endpoint({
		id: 'setServiceStatus',
		method: 'POST',
		path: `${SERVICES}/{key}/status`,
		tag: 'services',
		summary: "Set a service's status by hand, with a note why",
		description:
			'The status shown (displayedStatus) is the worst impact of the open incidents affecting the service, else this one.',
		access: KEEP,
		params: serviceParams,
		body: serviceStatusInput,
		idempotent: true,
		ok: serviceOk,
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => setServiceStatus(ctx, actor, params.slug, params.key, body)
	}),
	endpoint({
		id: 'restrictService',
		method: 'POST',
		path: `${SERVICES}/{key}/restrict`,
		tag: 'services',
		summary: 'Restrict a service, with the reason and the expected end',
		description: 'The open incidents affecting the service get it on their timelines.',
		access: KEEP,
		params: serviceParams,
		body: serviceRestrictInput,
		idempotent: true,
		ok: serviceOk,
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => restrictService(ctx, actor, params.slug, params.key, body)
	}),
	endpoint({
		id: 'liftServiceRestriction',
		method: 'POST',
		path: `${SERVICES}/{key}/lift`,
		tag: 'services',
		summary: "Lift a service's restriction",
		access: KEEP,
		params: serviceParams,
		body: serviceLiftInput,
		idempotent: true,
		ok: serviceOk,
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) =>
			liftServiceRestriction(ctx, actor, params.slug, params.key, body)
	}),
	endpoint({
		id: 'listIncidents',
		method: 'GET',
		path: INCIDENTS,
		tag: 'incidents',
		summary:
			'The incidents: open ones first (most severe, then newest), then the resolved ones, newest first',
		params: cutoverParams,
		ok: {
			schema: z.object({ items: z.array(incidentView) }),
			description: 'Every incident, without timelines'
		},
		errors: [400, 401, 403, 404],
		handle: async ({ ctx, actor, params }) => ({ items: await listIncidents(ctx, actor, params.slug) })
	}),
	endpoint({
		id: 'getIncident',
		method: 'GET',
		path: `${INCIDENTS}/{ref}`,
		tag: 'incidents',
		summary: 'One incident with its timeline',
		description:
			"The timeline holds the incident's own entries and, from the cutover's log, the decisions recorded and the opening's parts restricted or lifted while it was open (those have no id).",
		params: incidentParams,
		ok: { schema: incidentDetail, description: 'The incident' },
		errors: [400, 401, 403, 404],
		handle: ({ ctx, actor, params }) => getIncident(ctx, actor, params.slug, params.ref)
	}),
	endpoint({
		id: 'openIncident',
		method: 'POST',
		path: INCIDENTS,
		tag: 'incidents',
		summary: 'Open an incident',
		description:
			'A P1 or P2 names its Major Incident Manager (mim, a username), or sets mim to null with mimPending: true when the MIM is not known yet; without either it is refused. A breach ({ metric, seq } of a metric.breached event) links the incident to the breach it was opened from; in a wave, a signoff ({ system, seq } of a “problems” programme.signed_off event in its programme’s log) to the tester’s sign-off.',
		access: { permission: 'incident.manage' },
		params: cutoverParams,
		body: incidentOpenInput,
		idempotent: true,
		ok: { status: 201, schema: incidentView, description: 'Opened, with its reference (INC-n)' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => openIncident(ctx, actor, params.slug, body)
	}),
	incidentAct(
		'setIncidentStatus',
		'POST',
		'status',
		"Move an incident's status",
		'Resolving restores every affected service; a resolved incident may only be reopened (investigating).',
		incidentStatusInput,
		setIncidentStatus
	),
	incidentAct(
		'setIncidentSeverity',
		'POST',
		'severity',
		"Change an incident's severity",
		'Raising an incident without a MIM to P1 or P2 carries mim, or mimPending: true.',
		incidentSeverityInput,
		setIncidentSeverity
	),
	incidentAct(
		'setIncidentRoles',
		'PUT',
		'roles',
		"Name or hand over an incident's roles (those left out stay)",
		"Each change is a timeline entry from and to; a P1 or P2's MIM is cleared only with mimPending: true.",
		incidentRolesInput,
		setIncidentRoles
	),
	incidentAct(
		'setIncidentServices',
		'PUT',
		'services',
		'Set the affected services and their impacts (the list replaces the one there)',
		'An impact back to operational restores the service (its time to restore stops); a service left out is no longer affected.',
		incidentServicesInput,
		setIncidentServices
	),
	incidentAct(
		'setIncidentPriorities',
		'PUT',
		'priorities',
		'Set the restoration order: affected services only, each once, the first to restore first',
		'',
		incidentPrioritiesInput,
		setIncidentPriorities
	),
	endpoint({
		id: 'addIncidentNote',
		method: 'POST',
		path: `${INCIDENTS}/{ref}/notes`,
		tag: 'incidents',
		summary: "Add a note to an incident's timeline, or a correction of an entry (corrects: its id)",
		description: 'Entries are never edited: a correction is a new entry naming the one it corrects.',
		access: { permission: 'incident.note', sessionOnly: true },
		params: incidentParams,
		body: incidentNoteInput,
		idempotent: true,
		ok: { status: 201, schema: timelineEntry, description: 'The entry' },
		errors: [400, 401, 403, 404, 413],
		handle: ({ ctx, actor, params, body }) => addIncidentNote(ctx, actor, params.slug, params.ref, body)
	})
];
