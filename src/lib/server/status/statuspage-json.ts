/**
 * The Statuspage public API v2 documents (summary, status, components, incidents, scheduled maintenances), as
 * a projection of the status model in one language, so widgets and bots written for Statuspage read golive
 * unchanged. Each cutover on the page is a component group; incidents are the published incident notices,
 * scheduled maintenances the published maintenance notices (withdrawn ones are left out: Statuspage has no
 * such state). Bodies are plain text, as Statuspage's are. Their shapes are shared/schemas/statuspage.ts, which
 * the API document describes (statuspage.operations.ts).
 */
import { translator, type Locale } from '../../shared/i18n';
import { maintenanceState } from '../../shared/notices/rules';
import { worse, type IncidentStatus, type ServiceStatus } from '../../shared/incidents/rules';
import type { PublicService } from '../incidents/public.service';
import type { PublicCutover, PublicNoticeEntry } from '../notices/public.service';
import { noticePlainText } from '../notices/markdown';
import { textIn, type ShownNotice, type StatusModel } from './model';
import type {
	StatuspageComponent,
	StatuspageDocument,
	StatuspageIncident,
	StatuspageMaintenance,
	statuspageDocuments
} from '../../shared/schemas/statuspage';
import type { z } from 'zod';
import { pagePath } from './paths';

/** Statuspage lists at most 50 incidents and maintenances. */
const LIST_LIMIT = 50;
const PAGE_ID = 'golive';
const EPOCH = new Date(0).toISOString();
const MAINTENANCE_STATUS = {
	upcoming: 'scheduled',
	in_progress: 'in_progress',
	completed: 'completed'
} as const;

const componentId = (cutover: PublicCutover, service: PublicService) => `${cutover.slug}.${service.key}`;

function component(p: Projection, cutover: PublicCutover, s: PublicService): StatuspageComponent {
	const at = s.statusAt ?? p.updatedAt;
	return {
		id: componentId(cutover, s),
		name: s.name,
		status: s.status,
		created_at: at,
		updated_at: at,
		position: s.position,
		description: null,
		showcase: true,
		start_date: null,
		group_id: cutover.slug,
		page_id: PAGE_ID,
		group: false,
		only_show_if_degraded: false
	};
}

/** Each cutover as a group (its status the worst of its services'), followed by its services. */
function components(p: Projection): StatuspageComponent[] {
	return p.model.groups.flatMap((g, i) => [
		{
			id: g.cutover.slug,
			name: g.cutover.name,
			status: g.services.reduce<ServiceStatus>((w, s) => worse(w, s.status), 'operational'),
			created_at: p.updatedAt,
			updated_at: p.updatedAt,
			position: i + 1,
			description: null,
			showcase: false,
			start_date: null,
			group_id: null,
			page_id: PAGE_ID,
			group: true,
			only_show_if_degraded: false,
			components: g.services.map((s) => componentId(g.cutover, s))
		},
		...g.services.map((s) => component(p, g.cutover, s))
	]);
}

interface Projection {
	model: StatusModel;
	lang: Locale;
	url: string;
	/** The page's last change (Statuspage always has one: before anything, the epoch). */
	updatedAt: string;
}

/** An incident update's status: what the entry said, else what the notice had said before it. */
function entryStatuses(entries: readonly PublicNoticeEntry[]): IncidentStatus[] {
	let status: IncidentStatus = 'investigating';
	return entries.map((e) => (status = e.incidentStatus ?? status));
}

/**
 * What an incident and a maintenance both show: the notice and its updates, each update's status by `statusAt`
 * (given what the entries had said by then, and whether it is the latest).
 */
function noticeLike<S>(
	p: Projection,
	n: ShownNotice,
	statusAt: (at: string, said: IncidentStatus, last: boolean) => S
) {
	const id = `${n.cutover.slug}.${n.ref}`;
	const title = textIn(n.latest.texts, p.lang)?.title ?? n.ref;
	const shown = n.entries.filter((e) => e.kind !== 'withdrawn');
	const statuses = entryStatuses(shown);
	const updates = shown
		.map((e, i) => ({
			id: `${id}.${e.id}`,
			status: statusAt(e.at, statuses[i], i === shown.length - 1),
			body: noticePlainText(textIn(e.texts, p.lang)?.body ?? ''),
			incident_id: id,
			created_at: e.at,
			updated_at: e.at,
			display_at: e.at,
			affected_components: null,
			deliver_notifications: true,
			custom_tweet: null,
			tweet_id: null
		}))
		.reverse();
	return {
		id,
		name: title,
		created_at: n.publishedAt,
		updated_at: n.updatedAt,
		monitoring_at: shown.find((_, i) => statuses[i] === 'monitoring')?.at ?? null,
		resolved_at: n.incidentStatus === 'resolved' ? n.updatedAt : null,
		shortlink: `${p.url}#${n.cutover.slug}-${n.ref}`,
		started_at: n.publishedAt,
		page_id: PAGE_ID,
		incident_updates: updates,
		components: n.concerned.map((s) => component(p, n.cutover, s))
	};
}

/** An incident notice (its status is always set: 'investigating' stands in only for the type). */
function incident(p: Projection, n: ShownNotice): StatuspageIncident {
	const current = n.incidentStatus ?? 'investigating';
	return {
		...noticeLike(p, n, (_, said, last) => (last ? current : said)),
		status: current,
		impact: n.impact
	};
}

/** A maintenance notice: its status, and each update's, by the time against its start and end. */
function maintenance(
	p: Projection,
	n: ShownNotice,
	m: NonNullable<ShownNotice['maintenance']>
): StatuspageMaintenance {
	const at = (t: string) =>
		MAINTENANCE_STATUS[maintenanceState(Date.parse(m.startsAt), Date.parse(m.endsAt), Date.parse(t))];
	return {
		...noticeLike(p, n, at),
		status: MAINTENANCE_STATUS[n.maintenanceState ?? 'upcoming'],
		impact: 'maintenance',
		scheduled_for: m.startsAt,
		scheduled_until: m.endsAt
	};
}

/** One Statuspage document, as Statuspage shapes it, in `lang`. */
export function statuspageDocument(
	model: StatusModel,
	doc: StatuspageDocument,
	lang: Locale,
	origin: string
): unknown {
	const t = translator(lang);
	const p: Projection = {
		model,
		lang,
		url: `${origin}${pagePath(lang)}`,
		updatedAt: model.updatedAt ?? EPOCH
	};
	const page = {
		id: PAGE_ID,
		name: t('status.title'),
		url: p.url,
		time_zone: 'Etc/UTC',
		updated_at: p.updatedAt
	};
	const status = {
		indicator: model.overall === 'maintenance' ? 'none' : model.overall,
		description: t(`status.overall_${model.overall}`)
	};
	const live = model.notices.filter((n) => !n.withdrawn);
	const incidents = (list: ShownNotice[]) => list.slice(0, LIST_LIMIT).map((n) => incident(p, n));
	const maintenances = (list: ShownNotice[]) =>
		list.flatMap((n) => (n.maintenance ? [maintenance(p, n, n.maintenance)] : [])).slice(0, LIST_LIMIT);
	const scheduled = [...model.activeMaintenance, ...model.upcomingMaintenance];
	const documents: { [D in StatuspageDocument]: () => z.input<(typeof statuspageDocuments)[D]> } = {
		summary: () => ({
			page,
			components: components(p),
			incidents: incidents(model.openIncidents),
			scheduled_maintenances: maintenances(scheduled),
			status
		}),
		status: () => ({ page, status }),
		components: () => ({ page, components: components(p) }),
		incidents: () => ({ page, incidents: incidents(live.filter((n) => n.kind === 'incident')) }),
		'incidents/unresolved': () => ({ page, incidents: incidents(model.openIncidents) }),
		'scheduled-maintenances': () => ({
			page,
			scheduled_maintenances: maintenances(live.filter((n) => n.kind === 'maintenance'))
		}),
		'scheduled-maintenances/upcoming': () => ({
			page,
			scheduled_maintenances: maintenances(model.upcomingMaintenance)
		}),
		'scheduled-maintenances/active': () => ({
			page,
			scheduled_maintenances: maintenances(model.activeMaintenance)
		})
	};
	return documents[doc]();
}

/** JSON that stays inert even pasted into HTML or a script element: `<`, `>` and `&` as escapes. */
export const inertJson = (value: unknown): string =>
	JSON.stringify(value).replace(
		/[<>&\u2028\u2029]/g,
		(c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
	);
