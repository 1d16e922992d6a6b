/**
 * The Statuspage public API v2 documents (summary, status, components, incidents, scheduled maintenances), as
 * a projection of the status model in one language, so widgets and bots written for Statuspage read golive
 * unchanged. Each cutover on the page is a component group; incidents are the published incident notices,
 * scheduled maintenances the published maintenance notices (withdrawn ones are left out: Statuspage has no
 * such state). Bodies are plain text, as Statuspage's are.
 */
import { translator, type Locale } from '../../shared/i18n';
import { maintenanceState } from '../../shared/notices/rules';
import { worse, type IncidentStatus, type ServiceStatus } from '../../shared/incidents/rules';
import type { PublicService } from '../incidents/public.service';
import type { PublicCutover, PublicNoticeEntry } from '../notices/public.service';
import { noticePlainText } from '../notices/markdown';
import { textIn, type ShownNotice, type StatusModel } from './model';
import { pagePath, type StatuspageDocument } from './paths';

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

function component(p: Projection, cutover: PublicCutover, s: PublicService) {
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
function components(p: Projection) {
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

function incidentLike(p: Projection, n: ShownNotice) {
	const id = `${n.cutover.slug}.${n.ref}`;
	const title = textIn(n.latest.texts, p.lang)?.title ?? n.ref;
	const shown = n.entries.filter((e) => e.kind !== 'withdrawn');
	const statuses = entryStatuses(shown);
	const maintenanceAt = (at: string) =>
		MAINTENANCE_STATUS[
			maintenanceState(Date.parse(n.maintenance!.startsAt), Date.parse(n.maintenance!.endsAt), Date.parse(at))
		];
	const updates = shown
		.map((e, i) => ({
			id: `${id}.${e.id}`,
			status: n.maintenance ? maintenanceAt(e.at) : i === shown.length - 1 ? n.incidentStatus : statuses[i],
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
	const resolved = n.incidentStatus === 'resolved';
	return {
		id,
		name: title,
		status: n.maintenanceState ? MAINTENANCE_STATUS[n.maintenanceState] : n.incidentStatus,
		created_at: n.publishedAt,
		updated_at: n.updatedAt,
		monitoring_at: shown.find((_, i) => statuses[i] === 'monitoring')?.at ?? null,
		resolved_at: resolved ? n.updatedAt : null,
		impact: n.kind === 'maintenance' ? 'maintenance' : n.impact,
		shortlink: `${p.url}#${n.cutover.slug}-${n.ref}`,
		started_at: n.publishedAt,
		page_id: PAGE_ID,
		incident_updates: updates,
		components: n.concerned.map((s) => component(p, n.cutover, s)),
		...(n.maintenance ? { scheduled_for: n.maintenance.startsAt, scheduled_until: n.maintenance.endsAt } : {})
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
	const incidents = (list: ShownNotice[]) => list.slice(0, LIST_LIMIT).map((n) => incidentLike(p, n));
	const allIncidents = live.filter((n) => n.kind === 'incident');
	const maintenance = live.filter((n) => n.kind === 'maintenance' && n.maintenance);
	const scheduled = [...model.activeMaintenance, ...model.upcomingMaintenance];
	switch (doc) {
		case 'summary':
			return {
				page,
				components: components(p),
				incidents: incidents(model.openIncidents),
				scheduled_maintenances: incidents(scheduled),
				status
			};
		case 'status':
			return { page, status };
		case 'components':
			return { page, components: components(p) };
		case 'incidents':
			return { page, incidents: incidents(allIncidents) };
		case 'incidents/unresolved':
			return { page, incidents: incidents(model.openIncidents) };
		case 'scheduled-maintenances':
			return { page, scheduled_maintenances: incidents(maintenance) };
		case 'scheduled-maintenances/upcoming':
			return { page, scheduled_maintenances: incidents(model.upcomingMaintenance) };
		case 'scheduled-maintenances/active':
			return { page, scheduled_maintenances: incidents(model.activeMaintenance) };
	}
}

/** JSON that stays inert even pasted into HTML or a script element: `<`, `>` and `&` as escapes. */
export const inertJson = (value: unknown): string =>
	JSON.stringify(value).replace(
		/[<>&\u2028\u2029]/g,
		(c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
	);
