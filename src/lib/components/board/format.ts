/** Text for the board's times and events, in the UI's language and the cutover's time zone. */
import type { I18n } from '$lib/client/i18n.svelte';
import type { FeedEvent } from '$lib/shared/events';
import type { ForecastView } from '$lib/shared/schemas/transfers';
import type { TaskStatus } from '$lib/shared/task-status';
import { formatDuration } from '$lib/shared/time';
import { actText } from '../opening/opening-text';

export const DAY_TIME: Intl.DateTimeFormatOptions = { weekday: 'short', hour: '2-digit', minute: '2-digit' };
export const DAY_TIME_SECONDS: Intl.DateTimeFormatOptions = { ...DAY_TIME, second: '2-digit' };
export const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit' };
export const TIME_SECONDS: Intl.DateTimeFormatOptions = {
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit'
};
export const FULL: Intl.DateTimeFormatOptions = {
	weekday: 'short',
	day: 'numeric',
	month: 'short',
	hour: '2-digit',
	minute: '2-digit'
};
const DATE_ONLY: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit' };

/** "Thu 18:00 – 19:30", or "Thu 18:00 – Fri 02:00" across midnight (in `zone`). */
export function timeRange(
	i18n: I18n,
	start: number | string | null,
	end: number | string | null,
	zone: string
): string {
	if (start === null) return i18n.t('board.noTime');
	const from = i18n.formatTime(start, zone, DAY_TIME);
	if (end === null) return `${from} –`;
	const sameDay = i18n.formatTime(start, zone, DATE_ONLY) === i18n.formatTime(end, zone, DATE_ONLY);
	return `${from} – ${i18n.formatTime(end, zone, sameDay ? TIME : DAY_TIME)}`;
}

/** A share (0..1) as a whole percentage, "83 %". */
export function percentText(i18n: I18n, share: number): string {
	return i18n.t('transfers.percent', { value: Math.round(share * 100) });
}

/**
 * A forecast's verdict, the parameters of its "on track" and "at risk" lines: the P50 end, how it stands against
 * the window end, and the chance to finish in time.
 */
export function forecastVerdict(
	i18n: I18n,
	forecast: Pick<ForecastView, 'p50' | 'windowEnd' | 'probability'>,
	zone: string
): { p50: string; relation: string; probability: string } {
	const p50 = Date.parse(forecast.p50);
	const overrunMinutes = Math.round((p50 - Date.parse(forecast.windowEnd)) / 60_000);
	return {
		p50: i18n.formatTime(p50, zone, DAY_TIME),
		relation:
			overrunMinutes > 0
				? i18n.t('transfers.afterWindowEnd', { duration: formatDuration(overrunMinutes) })
				: overrunMinutes < 0
					? i18n.t('transfers.beforeWindowEnd', { duration: formatDuration(-overrunMinutes) })
					: i18n.t('transfers.atWindowEnd'),
		probability: percentText(i18n, forecast.probability)
	};
}

export function statusLabel(i18n: I18n, status: TaskStatus): string {
	return i18n.t(`board.status_${status}`);
}

/** The fields an edit of a cutover, a task, a transfer or a webhook can change (as its event's `changed` names them). */
const FIELDS = [
	'name',
	'timezone',
	'windowStart',
	'windowEnd',
	'title',
	'description',
	'phase',
	'owner',
	'durationMinutes',
	'notBefore',
	'dependsOn',
	'dependsOnTransfers',
	'estimate',
	'rehearsalMinutes',
	'unit',
	'total',
	'plannedRatePerHour',
	'plannedMinutes',
	'stallAfterMinutes',
	'url',
	'events',
	'enabled'
] as const;
type Field = (typeof FIELDS)[number];
const isField = (name: string): name is Field => (FIELDS as readonly string[]).includes(name);

/** "window start, window end": changed fields in words (a field this list does not know keeps its name). */
function fieldNames(i18n: I18n, changed: readonly string[]): string {
	return changed.map((f) => (isField(f) ? i18n.t(`board.field_${f}`) : f)).join(', ');
}

/** Who did what, as one sentence; user text is returned as text and rendered by interpolation only. */
export function describeEvent(i18n: I18n, event: FeedEvent): string {
	const actor = event.actor.name;
	switch (event.type) {
		case 'cutover.created':
			return i18n.t('board.ev_cutover_created', { actor });
		case 'cutover.updated':
			return i18n.t('board.ev_cutover_updated', { actor, fields: fieldNames(i18n, event.data.changed) });
		case 'phase.created':
			return i18n.t('board.ev_phase_created', { actor, phase: event.data.phase.name });
		case 'task.created':
			return i18n.t('board.ev_task_created', { actor, key: event.data.task.key });
		case 'task.updated':
			return i18n.t('board.ev_task_updated', {
				actor,
				key: event.data.task.key,
				fields: fieldNames(i18n, event.data.changed)
			});
		case 'task.transitioned':
			return i18n.t('board.ev_task_transitioned', {
				actor,
				key: event.data.task.key,
				from: statusLabel(i18n, event.data.from),
				to: statusLabel(i18n, event.data.to)
			});
		case 'runbook.imported':
			return i18n.t('board.ev_runbook_imported', {
				actor,
				phases: event.data.phases,
				tasks: event.data.tasks
			});
		case 'transfer.created':
			return i18n.t('board.ev_transfer_created', { actor, name: event.data.transfer.name });
		case 'transfer.updated':
			return i18n.t('board.ev_transfer_updated', {
				actor,
				name: event.data.transfer.name,
				fields: fieldNames(i18n, event.data.changed)
			});
		case 'transfer.progressed':
			return i18n.t('board.ev_transfer_progressed', {
				names: event.data.transfers.map((t) => t.key).join(', ')
			});
		case 'forecast.computed':
			return i18n.t('board.ev_forecast_computed', {
				probability: Math.round(event.data.forecast.probability * 100)
			});
		case 'decision.opened':
			return i18n.t('decisions.ev_opened', {
				actor,
				key: event.data.decision.key,
				title: event.data.decision.title
			});
		case 'decision.criterion_updated':
			return i18n.t('decisions.ev_criterion_updated', {
				actor,
				key: event.data.decision,
				title: event.data.criterion.title,
				state: i18n.t(`decisions.state_${event.data.criterion.state}`)
			});
		case 'decision.voted':
			return i18n.t('decisions.ev_voted', {
				actor,
				key: event.data.decision,
				vote: i18n.t(`decisions.vote_${event.data.vote.vote}`),
				cast: event.data.tally.cast,
				quorum: event.data.tally.quorum
			});
		case 'decision.recorded': {
			const { decision, outcome, window } = event.data;
			if (window)
				return i18n.t('decisions.ev_extended', {
					actor,
					key: decision.key,
					end: i18n.formatTime(window.cutover.windowEnd, window.cutover.timezone, FULL)
				});
			return i18n.t('decisions.ev_recorded', {
				actor,
				key: decision.key,
				kind: i18n.t(`decisions.kind_${outcome.kind}`)
			});
		}
		case 'metric.created':
			return i18n.t('board.ev_metric_created', { actor, name: event.data.metric.name });
		case 'metric.updated':
			return i18n.t('board.ev_metric_updated', {
				actor,
				name: event.data.metric.name,
				fields: fieldNames(i18n, event.data.changed)
			});
		case 'metric.removed':
			return i18n.t('board.ev_metric_removed', { actor, key: event.data.key });
		case 'metrics.updated':
			return i18n.t('board.ev_metrics_updated', { names: event.data.metrics.map((m) => m.key).join(', ') });
		case 'metric.breached':
		case 'metric.cleared':
			return i18n.t(
				event.type === 'metric.breached' ? 'board.ev_metric_breached' : 'board.ev_metric_cleared',
				{
					key: event.data.metric,
					level: i18n.t(`board.metric_level_${event.data.level}`),
					value: event.data.value
				}
			);
		case 'opening.planned':
			return i18n.t('opening.ev_planned', { actor, count: event.data.opening.stages.length });
		case 'opening.advanced':
		case 'opening.stepped_back':
		case 'opening.held':
		case 'opening.resumed':
		case 'opening.restricted':
		case 'opening.lifted': {
			const { act, opening } = event.data;
			const said = i18n.t('opening.ev_act', { actor, act: actText(i18n, act, opening), note: act.note });
			return act.override ? `${said} (${i18n.t('opening.overrode', { reason: act.override })})` : said;
		}
		case 'opening.gate_evaluated': {
			const gate = event.data.gate;
			if (!gate) return i18n.t('opening.ev_gate_none');
			return i18n.t(gate.passed ? 'opening.ev_gate_passed' : 'opening.ev_gate_shut', { stage: gate.stage });
		}
		case 'webhook.created':
			return i18n.t('webhooks.ev_created', { actor, url: event.data.webhook.url });
		case 'webhook.updated':
			return i18n.t('webhooks.ev_updated', {
				actor,
				url: event.data.webhook.url,
				fields: fieldNames(i18n, event.data.changed)
			});
		case 'webhook.removed':
			return i18n.t('webhooks.ev_removed', { actor, url: event.data.url });
		case 'notice.created':
			return i18n.t('notices.ev_created', { actor, ref: event.data.notice.ref });
		case 'notice.updated':
			return i18n.t('notices.ev_updated', {
				actor,
				ref: event.data.notice.ref,
				fields: fieldNames(i18n, event.data.changed)
			});
		case 'notice.published': {
			const ref = event.data.notice.ref;
			const kind = event.data.entry.kind;
			if (kind === 'update') return i18n.t('notices.ev_update', { actor, ref });
			if (kind === 'correction') return i18n.t('notices.ev_correction', { actor, ref });
			if (kind === 'withdrawn') return i18n.t('notices.ev_withdrawn', { actor, ref });
			return i18n.t('notices.ev_published', { actor, ref });
		}
		case 'notice.settings_changed':
			return i18n.t('notices.ev_settings', { actor });
		case 'runbook.rehearsal_recorded':
			return i18n.t('board.ev_rehearsal_recorded', {
				actor,
				rehearsal: event.data.rehearsal,
				count: event.data.tasks.length
			});
		case 'programme.inventory_imported':
			return i18n.t('programmes.ev_inventory_imported', {
				actor,
				created: event.data.created,
				updated: event.data.updated
			});
		case 'programme.system_updated':
			return i18n.t('programmes.ev_system_updated', {
				system: event.data.system.name,
				stage: i18n.t(`programmes.stage_${event.data.system.stage}`)
			});
		case 'programme.template_saved':
			return i18n.t('programmes.ev_template_saved', {
				actor,
				template: event.data.template.name,
				version: event.data.template.version
			});
		case 'programme.wave_built':
			return event.data.reapplied
				? i18n.t('programmes.ev_wave_reapplied', { actor, wave: event.data.wave.name })
				: i18n.t('programmes.ev_wave_built', {
						actor,
						wave: event.data.wave.name,
						count: event.data.systems.length
					});
		case 'programme.signoff_requested':
			return i18n.t('programmes.ev_signoff_requested', {
				actor,
				tester: event.data.testerEmail,
				system: event.data.system
			});
		case 'programme.signed_off':
			return i18n.t('programmes.ev_signed_off', {
				tester: event.data.signoff.testerName,
				system: event.data.system.name,
				verdict: i18n.t(`programmes.verdict_${event.data.signoff.verdict}`)
			});
		case 'programme.snapshot_taken':
			return i18n.t('programmes.ev_snapshot_taken', { week: event.data.snapshot.week });
		case 'programme.contact_message_queued':
			return i18n.t('announcements.ev_contact_message_queued', {
				kind: event.data.message.kind,
				system: event.data.message.system
			});
		case 'programme.settings_changed':
			return i18n.t('announcements.ev_settings_changed', {
				actor,
				days: event.data.settings.announceDaysAhead
			});
		case 'webhook.disabled':
			return i18n.t('webhooks.ev_disabled', { url: event.data.webhook.url, seq: event.data.seq });
		case 'metric_source.created':
			return i18n.t('board.ev_metric_source_created', {
				actor,
				key: event.data.source.key,
				url: event.data.source.url
			});
		case 'metric_source.updated':
			return i18n.t('board.ev_metric_source_updated', {
				actor,
				key: event.data.source.key,
				fields: fieldNames(i18n, event.data.changed)
			});
		case 'metric_source.removed':
			return i18n.t('board.ev_metric_source_removed', { actor, key: event.data.key });
		case 'metric_source.down':
			return i18n.t('board.ev_metric_source_down', {
				key: event.data.source.key,
				reason: event.data.source.lastError ?? ''
			});
		case 'metric_source.up':
			return i18n.t('board.ev_metric_source_up', { key: event.data.source.key });
		case 'service.created':
			return i18n.t('incidents.ev_service_created', { actor, name: event.data.service.name });
		case 'service.updated': {
			const { service, changed } = event.data;
			if (changed.includes('maintenance'))
				return service.maintenance
					? i18n.t('incidents.ev_service_maintenance', { name: service.name, ref: service.maintenance })
					: i18n.t('incidents.ev_service_maintenance_over', { name: service.name });
			if (changed.includes('status'))
				return i18n.t('incidents.ev_service_status', {
					actor,
					name: service.name,
					status: i18n.t(`incidents.service_${service.status}`)
				});
			return i18n.t('incidents.ev_service_updated', {
				actor,
				name: service.name,
				fields: fieldNames(i18n, changed)
			});
		}
		case 'service.removed':
			return i18n.t('incidents.ev_service_removed', { actor, key: event.data.key });
		case 'incident.opened': {
			const { incident } = event.data;
			return i18n.t('incidents.ev_opened', {
				actor,
				ref: incident.ref,
				severity: incident.severity,
				title: incident.title
			});
		}
		case 'incident.updated': {
			const { incident, changed } = event.data;
			if (changed.includes('status'))
				return incident.status === 'resolved'
					? i18n.t('incidents.ev_resolved', { actor, ref: incident.ref })
					: i18n.t('incidents.ev_status', {
							actor,
							ref: incident.ref,
							status: i18n.t(`incidents.status_${incident.status}`)
						});
			if (changed.includes('mim') && incident.roles.mim)
				return i18n.t('incidents.ev_mim', { actor, ref: incident.ref, mim: incident.roles.mim });
			return i18n.t('incidents.ev_updated', { actor, ref: incident.ref, fields: changed.join(', ') });
		}
		case 'incident.timeline':
			return i18n.t('incidents.ev_noted', { actor, ref: event.data.ref });
		case 'incident.report_requested':
			return i18n.t('reports.ev_requested', {
				actor,
				ref: event.data.ref,
				organisation: event.data.request.supplier.organisation
			});
		case 'incident.report_submitted':
			return i18n.t('reports.ev_submitted', {
				ref: event.data.ref,
				organisation: event.data.report.supplier.organisation,
				version: event.data.report.version
			});
		case 'incident.rca_recorded':
			return i18n.t('reports.ev_rca', { actor, ref: event.data.ref, version: event.data.rca.version });
	}
}

/** The task title an event is about, when it is about one task. */
export function eventTaskTitle(event: FeedEvent): string | null {
	return event.type === 'task.created' || event.type === 'task.updated' || event.type === 'task.transitioned'
		? event.data.task.title
		: null;
}

/**
 * The feed's entries (newest first) without the window change an extension records alongside its outcome: the
 * extension's own entry already says where the window end moved.
 */
export function withoutExtensionEchoes(events: readonly FeedEvent[]): FeedEvent[] {
	return events.filter((event, i) => !isExtensionEcho(event, events[i + 1]));
}

function isExtensionEcho(event: FeedEvent, before: FeedEvent | undefined): boolean {
	return (
		event.type === 'cutover.updated' &&
		event.data.changed.length === 1 &&
		event.data.changed[0] === 'windowEnd' &&
		before?.type === 'decision.recorded' &&
		before.data.window !== null &&
		before.seq === event.seq - 1 &&
		before.actor.id === event.actor.id &&
		before.actor.name === event.actor.name
	);
}
