/**
 * Incidents and the services they affect: what clients send (a service's definition, status and restriction; an
 * incident's opening and the room's acts on it) and what they get (services with the status they show, incidents
 * with their roles, clocks, restoration order and timeline).
 */
import { z } from 'zod';
import { fieldMessage } from '../i18n/field-issues';
import {
	INCIDENT_ROLES,
	INCIDENT_STATUSES,
	SERVICE_STATUSES,
	SEVERITIES,
	incidentNumber
} from '../incidents/rules';
import {
	LINE_BREAKS_OR_CONTROL_CHARACTERS,
	entityKey,
	isSingleLine,
	isoInstant,
	line,
	slug,
	text
} from './common';
import { USERNAME_PATTERN, USERNAME_MESSAGE } from './auth';

const key = entityKey;
const serviceStatus = z.enum(SERVICE_STATUSES);
const severity = z.enum(SEVERITIES);
const incidentStatus = z.enum(INCIDENT_STATUSES);
const note = text(2000);
const expectedVersion = z.number().int().min(1).optional();

// Usernames are stored lowercased (see schemas/auth.ts), so "Maija" is the user maija.
const username = z
	.string()
	.trim()
	.toLowerCase()
	.min(1, fieldMessage('required'))
	.max(64, fieldMessage('maxChars', { max: 64 }))
	.regex(USERNAME_PATTERN, USERNAME_MESSAGE);

// ---- Services ----

export const serviceCreateInput = z
	.object({
		key,
		name: line(120),
		status: serviceStatus.default('operational'),
		/** Where it stands in the catalogue; after the last one when left out. */
		position: z.number().int().min(0).max(100_000).optional()
	})
	.strict();

export const servicePatchInput = z
	.object({
		name: line(120).optional(),
		position: z.number().int().min(0).max(100_000).optional(),
		expectedVersion
	})
	.strict();

/** An operator sets a service's status by hand, saying why (recorded). */
export const serviceStatusInput = z.object({ status: serviceStatus, note, expectedVersion }).strict();

/** A service restricted (scenario 1: "the expert marketplace restricted for the day"), with its expected end. */
export const serviceRestrictInput = z
	.object({ reason: note, expectedEnd: isoInstant.nullable().default(null), expectedVersion })
	.strict();

export const serviceLiftInput = z.object({ note: text(2000).optional(), expectedVersion }).strict();

export const serviceParams = z.object({ slug, key });

export const restrictionView = z.object({
	reason: z.string(),
	expectedEnd: z.string().nullable(),
	since: z.string(),
	by: z.string(),
	/** When it was lifted (the restriction stays shown, lifted, until the next one). */
	liftedAt: z.string().nullable(),
	liftedBy: z.string().nullable()
});

export const serviceView = z.object({
	key: z.string(),
	name: z.string(),
	/** The status set by hand (operational unless an operator said otherwise). */
	status: serviceStatus,
	/**
	 * What it shows: the worst impact of the open incidents affecting it, else its own status, or under maintenance
	 * while a published maintenance holds it.
	 */
	displayedStatus: serviceStatus,
	/** The published maintenance in progress that holds it (NTC-n), or null. */
	maintenance: z.string().nullable(),
	/** Why the status was last set by hand, by whom and when (null: never set by hand). */
	statusNote: z.string().nullable(),
	statusBy: z.string().nullable(),
	statusAt: z.string().nullable(),
	restriction: restrictionView.nullable(),
	position: z.number(),
	version: z.number()
});

// ---- Incidents ----

export const supplierContact = z
	.object({
		name: line(120),
		organisation: line(120),
		email: z
			.string()
			.trim()
			.max(254, fieldMessage('maxChars', { max: 254 }))
			.refine(isSingleLine, LINE_BREAKS_OR_CONTROL_CHARACTERS)
			.pipe(z.email(fieldMessage('email')))
	})
	.strict();

const suppliers = z.array(supplierContact).max(30);

export const affectedInput = z.object({ service: key, impact: serviceStatus }).strict();

/** The services an incident affects, each once. */
const affectedList = z
	.array(affectedInput)
	.max(100)
	.superRefine((list, ctx) => {
		const seen = new Set<string>();
		list.forEach((a, i) => {
			if (seen.has(a.service))
				ctx.addIssue({
					code: 'custom',
					path: [i, 'service'],
					message: fieldMessage('duplicateKey', { key: a.service })
				});
			seen.add(a.service);
		});
	});

const serviceOrder = z.array(key).max(100);

export const incidentOpenInput = z
	.object({
		title: line(200),
		severity,
		status: incidentStatus.exclude(['resolved']).default('investigating'),
		affected: affectedList.default([]),
		/** When the trouble started; now when left out. */
		startedAt: isoInstant.optional(),
		/** When the room noticed it; now when left out. */
		detectedAt: isoInstant.optional(),
		/**
		 * The Major Incident Manager's username. A P1 or P2 must carry it, or null with `mimPending: true` when
		 * the MIM is not known yet (the board then shows "no MIM" until one is named).
		 */
		mim: username.nullable().optional(),
		mimPending: z.boolean().default(false),
		commsLead: username.nullable().default(null),
		scribe: username.nullable().default(null),
		suppliers: suppliers.default([]),
		/** The metric breach it was opened from: the metric and the seq of its metric.breached event. */
		breach: z
			.object({ metric: key, seq: z.number().int().min(1) })
			.strict()
			.nullable()
			.default(null),
		/**
		 * The tester's "problems" sign-off it was opened from (a wave's incident): the system's key and the seq of
		 * its programme.signed_off event in the programme's log.
		 */
		signoff: z
			.object({ system: key, seq: z.number().int().min(1) })
			.strict()
			.nullable()
			.default(null),
		/** Services to restore first, in order: affected ones only. */
		priorities: serviceOrder.default([]),
		note: text(2000).optional()
	})
	.strict();

export const incidentStatusInput = z
	.object({ status: incidentStatus, note: note.optional(), expectedVersion })
	.strict();

/** A new severity; raising one to P1 or P2 without a MIM carries the MIM (or says it is not known yet). */
export const incidentSeverityInput = z
	.object({
		severity,
		note: note.optional(),
		mim: username.nullable().optional(),
		mimPending: z.boolean().optional(),
		expectedVersion
	})
	.strict();

/** The roles to change (those left out stay); naming another MIM is a handover, recorded from and to. */
export const incidentRolesInput = z
	.object({
		mim: username.nullable().optional(),
		mimPending: z.boolean().optional(),
		commsLead: username.nullable().optional(),
		scribe: username.nullable().optional(),
		suppliers: suppliers.optional(),
		note: note.optional(),
		expectedVersion
	})
	.strict();

/** The affected services and their impacts, replacing the list: a service left out is no longer affected. */
export const incidentServicesInput = z
	.object({ affected: affectedList, note: note.optional(), expectedVersion })
	.strict();

export const incidentPrioritiesInput = z
	.object({ priorities: serviceOrder, note: note.optional(), expectedVersion })
	.strict();

/** A note on the timeline; a correction names the entry it corrects (entries are never edited). */
export const incidentNoteInput = z
	.object({ text: note, corrects: z.number().int().min(1).optional() })
	.strict();

export const incidentRefParam = z
	.string()
	.trim()
	.max(20)
	.refine((s) => incidentNumber(s) !== null, fieldMessage('incidentRef'));
export const incidentParams = z.object({ slug, ref: incidentRefParam });

export const affectedView = z.object({
	service: z.string(),
	impact: serviceStatus,
	/** When the service was first affected by this incident. */
	since: z.string(),
	/** When its impact went back to operational (null: not restored yet). */
	restoredAt: z.string().nullable()
});

export const breachLink = z.object({ metric: z.string(), seq: z.number() });
/** A tester's sign-off an incident was opened from: the system and the seq in its programme's log. */
export const signoffLink = z.object({ system: z.string(), seq: z.number() });

export const incidentView = z.object({
	ref: z.string(),
	number: z.number(),
	title: z.string(),
	severity,
	status: incidentStatus,
	affected: z.array(affectedView),
	/** Services to restore first, in order. */
	priorities: z.array(z.string()),
	roles: z.object({
		mim: z.string().nullable(),
		commsLead: z.string().nullable(),
		scribe: z.string().nullable(),
		suppliers: z.array(supplierContact)
	}),
	/** The opener (or the last severity change) said the MIM is not known yet. */
	mimPending: z.boolean(),
	/** A P1 or P2 without a MIM: the board shows "no MIM" in red. */
	needsMim: z.boolean(),
	breach: breachLink.nullable(),
	signoff: signoffLink.nullable(),
	/** The clocks: time since start, time to MIM named, time to restore per service (affected[].restoredAt). */
	startedAt: z.string(),
	detectedAt: z.string(),
	mimNamedAt: z.string().nullable(),
	resolvedAt: z.string().nullable(),
	openedAt: z.string(),
	openedBy: z.string(),
	/** The seq of the event that opened it, and of the one that resolved it: its span in the cutover's log. */
	openedSeq: z.number(),
	resolvedSeq: z.number().nullable(),
	version: z.number()
});

const impactChange = z.object({
	service: z.string(),
	from: serviceStatus.nullable(),
	to: serviceStatus.nullable()
});

/** What a timeline entry says, by kind; `decision` and `opening` entries come from the cutover's log. */
export const timelineDetail = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('opened'), severity, status: incidentStatus }),
	z.object({ kind: z.literal('status'), from: incidentStatus, to: incidentStatus }),
	z.object({ kind: z.literal('severity'), from: severity, to: severity }),
	/** A role named, handed over or left empty: from whom to whom (usernames). */
	z.object({
		kind: z.literal('role'),
		role: z.enum(INCIDENT_ROLES),
		from: z.string().nullable(),
		to: z.string().nullable()
	}),
	z.object({ kind: z.literal('suppliers'), from: z.array(supplierContact), to: z.array(supplierContact) }),
	/** Services affected, changed impact, restored (to operational) or no longer affected (to null). */
	z.object({ kind: z.literal('services'), changes: z.array(impactChange) }),
	z.object({ kind: z.literal('breach'), metric: z.string(), seq: z.number() }),
	/** Opened from a tester's "problems" sign-off: who said it of which system, and the follow-up it opened. */
	z.object({
		kind: z.literal('signoff'),
		system: z.string(),
		seq: z.number(),
		tester: z.string(),
		followUpTask: z.string().nullable()
	}),
	z.object({ kind: z.literal('priorities'), from: z.array(z.string()), to: z.array(z.string()) }),
	/** A service the incident affects was restricted or its restriction lifted. */
	z.object({
		kind: z.literal('restriction'),
		service: z.string(),
		action: z.enum(['restricted', 'lifted']),
		reason: z.string(),
		expectedEnd: z.string().nullable()
	}),
	z.object({ kind: z.literal('note') }),
	z.object({ kind: z.literal('correction'), corrects: z.number() }),
	/** From the log: a decision recorded while the incident was open. */
	z.object({ kind: z.literal('decision'), decision: z.string(), title: z.string(), outcome: z.string() }),
	/** From the log: the opening's part restricted or lifted while the incident was open. */
	z.object({ kind: z.literal('opening'), act: z.enum(['restricted', 'lifted']), part: z.string().nullable() })
]);

export const TIMELINE_KINDS = [
	'opened',
	'status',
	'severity',
	'role',
	'suppliers',
	'services',
	'breach',
	'signoff',
	'priorities',
	'restriction',
	'note',
	'correction'
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export const timelineEntry = z.object({
	/** The entry's id (a correction names it); null for an entry read from the cutover's log. */
	id: z.number().nullable(),
	/** The seq of the event that recorded it. */
	seq: z.number(),
	at: z.string(),
	by: z.string(),
	/** What was said: a note, a correction, or the note given with a change. */
	text: z.string().nullable(),
	detail: timelineDetail
});

/** An incident with its timeline, oldest entry first. */
export const incidentDetail = incidentView.extend({ timeline: z.array(timelineEntry) });

/** What an incident's events carry: the incident after the change and the entries it added to the timeline. */
export const incidentEvent = z.object({ incident: incidentView, entries: z.array(timelineEntry) });
/** An entry added without changing the incident: a note, a correction, a restriction of a service it affects. */
export const incidentTimelineEvent = z.object({ ref: z.string(), entry: timelineEntry });

export type ServiceStatusValue = z.infer<typeof serviceStatus>;
export type ServiceCreateInput = z.infer<typeof serviceCreateInput>;
export type ServicePatchInput = z.infer<typeof servicePatchInput>;
export type ServiceStatusInput = z.infer<typeof serviceStatusInput>;
export type ServiceRestrictInput = z.infer<typeof serviceRestrictInput>;
export type ServiceLiftInput = z.infer<typeof serviceLiftInput>;
export type ServiceView = z.infer<typeof serviceView>;
export type RestrictionView = z.infer<typeof restrictionView>;
export type SupplierContact = z.infer<typeof supplierContact>;
export type IncidentOpenInput = z.infer<typeof incidentOpenInput>;
export type IncidentStatusInput = z.infer<typeof incidentStatusInput>;
export type IncidentSeverityInput = z.infer<typeof incidentSeverityInput>;
export type IncidentRolesInput = z.infer<typeof incidentRolesInput>;
export type IncidentServicesInput = z.infer<typeof incidentServicesInput>;
export type IncidentPrioritiesInput = z.infer<typeof incidentPrioritiesInput>;
export type IncidentNoteInput = z.infer<typeof incidentNoteInput>;
export type IncidentView = z.infer<typeof incidentView>;
export type IncidentDetail = z.infer<typeof incidentDetail>;
export type AffectedView = z.infer<typeof affectedView>;
export type TimelineEntry = z.infer<typeof timelineEntry>;
export type TimelineDetail = z.infer<typeof timelineDetail>;
