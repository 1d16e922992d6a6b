/**
 * The form actions of the incident pages and the board's service list: each reads its form, parses it with the
 * schema the API uses and calls the one service function. A failure names the form it came from.
 */
import { redirect, type RequestEvent } from '@sveltejs/kit';
import { setServiceStatus } from '$lib/server/incidents/catalogue.service';
import {
	addIncidentNote,
	openIncident,
	setIncidentPriorities,
	setIncidentRoles,
	setIncidentServices,
	setIncidentSeverity,
	setIncidentStatus
} from '$lib/server/incidents/incident.service';
import { field, formAction, formValues, parseForm, parsedField, signedIn } from '$lib/server/http/form';
import { entityKey } from '$lib/shared/schemas/common';
import {
	incidentNoteInput,
	incidentOpenInput,
	incidentPrioritiesInput,
	incidentRefParam,
	incidentRolesInput,
	incidentServicesInput,
	incidentSeverityInput,
	incidentStatusInput,
	serviceStatusInput
} from '$lib/shared/schemas/incidents';

type Event = RequestEvent<{ slug: string }>;

/** Blank optional fields are "not given". */
const orUndefined = (text: string) => (text.trim() === '' ? undefined : text);
const orNull = (text: string) => (text.trim() === '' ? null : text);
const version = (data: FormData) => {
	const text = field(data, 'expectedVersion').trim();
	return text === '' ? undefined : Number(text);
};
const whole = (text: string) => (text.trim() === '' ? undefined : Number(text));

/**
 * The affected services of a form: a field `impact:<service>` per service of the catalogue, blank when it is not
 * affected, in the catalogue's order.
 */
function affectedOf(data: FormData) {
	const affected: { service: string; impact: string }[] = [];
	for (const [name, value] of data)
		if (name.startsWith('impact:') && typeof value === 'string' && value !== '')
			affected.push({ service: name.slice('impact:'.length), impact: value });
	return affected;
}

/** Supplier rows: the n-th name with the n-th organisation and email; rows left blank are dropped. */
function suppliersOf(data: FormData) {
	const names = data.getAll('supplierName').map(String);
	const orgs = data.getAll('supplierOrg').map(String);
	const emails = data.getAll('supplierEmail').map(String);
	return names
		.map((name, i) => ({ name, organisation: orgs[i] ?? '', email: emails[i] ?? '' }))
		.filter((s) => s.name.trim() !== '' || s.organisation.trim() !== '' || s.email.trim() !== '');
}

/** An operator sets a service's status by hand with a note (the board's service list). */
export async function serviceStatusAction({ request, locals, params }: Event) {
	const actor = signedIn(locals);
	const data = await request.formData();
	const key = field(data, 'key');
	return formAction(
		async () => {
			const input = parseForm(serviceStatusInput, {
				status: field(data, 'status'),
				note: field(data, 'note'),
				expectedVersion: version(data)
			});
			await setServiceStatus(locals.app, actor, params.slug, parsedField(data, 'key', entityKey), input);
			return { form: `service:${key}`, savedService: key };
		},
		{ form: `service:${key}`, values: formValues(data) }
	);
}

/** Opens an incident and goes to its page. */
export async function openAction({ request, locals, params }: Event) {
	const actor = signedIn(locals);
	const data = await request.formData();
	let opened: string | null = null;
	const failure = await formAction(
		async () => {
			const affected = affectedOf(data);
			const breachMetric = field(data, 'breachMetric').trim();
			const signoffSystem = field(data, 'signoffSystem').trim();
			const input = parseForm(incidentOpenInput, {
				title: field(data, 'title'),
				severity: field(data, 'severity'),
				affected,
				// The services to restore first start as the affected ones, most affected first; the room reorders.
				priorities: affected.filter((a) => a.impact !== 'operational').map((a) => a.service),
				mim: orNull(field(data, 'mim')),
				mimPending: data.get('mimPending') === 'on',
				commsLead: orNull(field(data, 'commsLead')),
				scribe: orNull(field(data, 'scribe')),
				breach: breachMetric ? { metric: breachMetric, seq: whole(field(data, 'breachSeq')) } : null,
				signoff: signoffSystem ? { system: signoffSystem, seq: whole(field(data, 'signoffSeq')) } : null,
				note: orUndefined(field(data, 'note'))
			});
			opened = (await openIncident(locals.app, actor, params.slug, input)).ref;
		},
		{ form: 'open', values: formValues(data) }
	);
	if (opened) redirect(303, `/c/${params.slug}/incidents/${opened}`);
	return failure;
}

type RefEvent = RequestEvent<{ slug: string; ref: string }>;

/** One act of the room on the incident of the page, through its service function. */
function incidentAct(form: string, run: (event: RefEvent, data: FormData, ref: string) => Promise<unknown>) {
	return async (event: RefEvent) => {
		signedIn(event.locals);
		const data = await event.request.formData();
		return formAction(
			async () => {
				const ref = parseForm(incidentRefParam, event.params.ref);
				await run(event, data, ref);
				return { form, saved: form };
			},
			{ form, values: formValues(data) }
		);
	};
}

export const statusAction = incidentAct('status', ({ locals, params }, data, ref) =>
	setIncidentStatus(
		locals.app,
		signedIn(locals),
		params.slug,
		ref,
		parseForm(incidentStatusInput, {
			status: field(data, 'status'),
			note: orUndefined(field(data, 'note')),
			expectedVersion: version(data)
		})
	)
);

export const severityAction = incidentAct('severity', ({ locals, params }, data, ref) =>
	setIncidentSeverity(
		locals.app,
		signedIn(locals),
		params.slug,
		ref,
		parseForm(incidentSeverityInput, {
			severity: field(data, 'severity'),
			note: orUndefined(field(data, 'note')),
			mim: orUndefined(field(data, 'mim')),
			mimPending: data.get('mimPending') === 'on' ? true : undefined,
			expectedVersion: version(data)
		})
	)
);

export const rolesAction = incidentAct('roles', ({ locals, params }, data, ref) =>
	setIncidentRoles(
		locals.app,
		signedIn(locals),
		params.slug,
		ref,
		parseForm(incidentRolesInput, {
			mim: orNull(field(data, 'mim')),
			mimPending: data.get('mimPending') === 'on' ? true : undefined,
			commsLead: orNull(field(data, 'commsLead')),
			scribe: orNull(field(data, 'scribe')),
			suppliers: suppliersOf(data),
			note: orUndefined(field(data, 'note')),
			expectedVersion: version(data)
		})
	)
);

export const servicesAction = incidentAct('services', ({ locals, params }, data, ref) =>
	setIncidentServices(
		locals.app,
		signedIn(locals),
		params.slug,
		ref,
		parseForm(incidentServicesInput, {
			affected: affectedOf(data),
			note: orUndefined(field(data, 'note')),
			expectedVersion: version(data)
		})
	)
);

/** The restoration order as listed (`order`, one per service), or that list with one service moved up or down. */
export const prioritiesAction = incidentAct('priorities', ({ locals, params }, data, ref) => {
	const order = data.getAll('order').map(String);
	const [move, key] = field(data, 'move').split(':');
	const at = order.indexOf(key ?? '');
	const to = move === 'up' ? at - 1 : at + 1;
	if (at >= 0 && to >= 0 && to < order.length) [order[at], order[to]] = [order[to]!, order[at]!];
	return setIncidentPriorities(
		locals.app,
		signedIn(locals),
		params.slug,
		ref,
		parseForm(incidentPrioritiesInput, { priorities: order, expectedVersion: version(data) })
	);
});

export const noteAction = incidentAct('note', ({ locals, params }, data, ref) =>
	addIncidentNote(
		locals.app,
		signedIn(locals),
		params.slug,
		ref,
		parseForm(incidentNoteInput, {
			text: field(data, 'text'),
			corrects: whole(field(data, 'corrects'))
		})
	)
);
