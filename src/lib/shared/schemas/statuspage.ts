/**
 * Atlassian Statuspage's public API v2 documents (`/api/v2/*.json`), as golive answers them: one source for the
 * projection's types (status/statuspage-json.ts) and for their description in the API document. Times are ISO
 * 8601 strings; fields golive has nothing for are there with Statuspage's empty values, so widgets and bots
 * written for Statuspage read them unchanged.
 */
import { z } from 'zod';
import { INCIDENT_STATUSES, SERVICE_STATUSES } from '../incidents/rules';
import { NOTICE_LANGS } from '../notices/rules';

/** The language of a document; the default is Finnish. */
export const statuspageQuery = z.object({ lang: z.enum(NOTICE_LANGS).optional() });

const at = z.string().describe('An ISO 8601 time');
const IMPACTS = ['none', 'minor', 'major', 'critical'] as const;
const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'completed'] as const;

export const statuspagePage = z.object({
	id: z.string(),
	name: z.string(),
	url: z.string().describe("The public status page in the document's language"),
	time_zone: z.string(),
	updated_at: at
});

export const statuspageStatus = z.object({
	indicator: z.enum(IMPACTS),
	description: z.string().describe("In the document's language, e.g. All Systems Operational")
});

/** A service, or a cutover as a group of its services (`group`, with the ids of its `components`). */
export const statuspageComponent = z.object({
	id: z.string().describe('A service: `<cutover>.<service>`; a group: the cutover'),
	name: z.string(),
	status: z.enum(SERVICE_STATUSES),
	created_at: at,
	updated_at: at,
	position: z.number().int(),
	description: z.null(),
	showcase: z.boolean(),
	start_date: z.null(),
	group_id: z.string().nullable(),
	page_id: z.string(),
	group: z.boolean(),
	only_show_if_degraded: z.boolean(),
	components: z.array(z.string()).optional()
});

const update = <S extends z.ZodType>(status: S) =>
	z.object({
		id: z.string(),
		status,
		body: z.string().describe('Plain text'),
		incident_id: z.string(),
		created_at: at,
		updated_at: at,
		display_at: at,
		affected_components: z.null(),
		deliver_notifications: z.boolean(),
		custom_tweet: z.null(),
		tweet_id: z.null()
	});

/** What an incident and a scheduled maintenance both have: a published notice, its updates the latest first. */
const noticeBase = z.object({
	id: z.string().describe('`<cutover>.<notice ref>`'),
	name: z.string(),
	created_at: at,
	updated_at: at,
	monitoring_at: at.nullable(),
	resolved_at: at.nullable(),
	shortlink: z.string(),
	started_at: at,
	page_id: z.string(),
	components: z.array(statuspageComponent)
});

export const statuspageIncident = noticeBase.extend({
	status: z.enum(INCIDENT_STATUSES),
	impact: z.enum(IMPACTS),
	incident_updates: z.array(update(z.enum(INCIDENT_STATUSES)))
});

export const statuspageMaintenance = noticeBase.extend({
	status: z.enum(MAINTENANCE_STATUSES),
	impact: z.literal('maintenance'),
	scheduled_for: at,
	scheduled_until: at,
	incident_updates: z.array(update(z.enum(MAINTENANCE_STATUSES)))
});

const page = { page: statuspagePage };
const incidents = z.object({ ...page, incidents: z.array(statuspageIncident) });
const maintenances = z.object({ ...page, scheduled_maintenances: z.array(statuspageMaintenance) });

/** Each document's shape, by its name in `/api/v2/<name>.json`. */
export const statuspageDocuments = {
	summary: z.object({
		...page,
		components: z.array(statuspageComponent),
		incidents: z.array(statuspageIncident),
		scheduled_maintenances: z.array(statuspageMaintenance),
		status: statuspageStatus
	}),
	status: z.object({ ...page, status: statuspageStatus }),
	components: z.object({ ...page, components: z.array(statuspageComponent) }),
	incidents,
	'incidents/unresolved': incidents,
	'scheduled-maintenances': maintenances,
	'scheduled-maintenances/upcoming': maintenances,
	'scheduled-maintenances/active': maintenances
} as const;

export type StatuspageDocument = keyof typeof statuspageDocuments;
/** The document names, in the order the API document lists them. */
export const STATUSPAGE_DOCUMENTS = Object.keys(statuspageDocuments) as StatuspageDocument[];
export type StatuspageComponent = z.infer<typeof statuspageComponent>;
export type StatuspageIncident = z.infer<typeof statuspageIncident>;
export type StatuspageMaintenance = z.infer<typeof statuspageMaintenance>;
