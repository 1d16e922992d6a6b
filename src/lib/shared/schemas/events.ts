/**
 * The event log's entries and the board snapshot as they travel to clients. Each event carries the whole changed
 * record, so a client applies it without a query; the log is also the audit trail and the activity feed.
 */
import { z } from 'zod';
import {
	criterionView,
	decisionRecorded,
	decisionView,
	noticeDraftView,
	tallyView,
	voteView,
	windowChangeView
} from './decisions';
import { noticeEntryView, noticeSettingsView, noticeView } from './notices';
import {
	contactMessageView,
	programmePart,
	programmeSettingsView,
	signoffView,
	systemView,
	templateView,
	waveView
} from './programmes';
import { snapshotView } from './progress';
import { incidentDetail, incidentEvent, incidentTimelineEvent, serviceView } from './incidents';
import { rcaView, reportRequestView, reportView } from './reports';
import { sourceStateChange, sourceView } from './metric-sources';
import { metricTransition, metricUpdate, metricView } from './metrics';
import { gateEvaluationView, openingActEvent, openingView } from './opening';
import { boardTask, cutoverView, phaseView, taskView } from './runbook';
import { forecastPoint, forecastView, transferProgressView, transferView } from './transfers';
import { webhookView } from './webhooks';

const changed = z.array(z.string());
const taskStatus = taskView.shape.status;

/** What each type of event carries, in the order the document lists them. */
export const eventPayloads = {
	'cutover.created': z.object({ cutover: cutoverView }),
	'cutover.updated': z.object({ cutover: cutoverView, changed }),
	'phase.created': z.object({ phase: phaseView }),
	'task.created': z.object({ task: taskView }),
	'task.updated': z.object({ task: taskView, changed }),
	'task.transitioned': z.object({
		task: taskView,
		from: taskStatus,
		to: taskStatus,
		note: z.string().nullable()
	}),
	'runbook.imported': z.object({ phases: z.array(phaseView), tasks: z.array(taskView) }),
	/** A rehearsal's actual durations recorded as this cutover's rehearsal figures: the tasks after it. */
	'runbook.rehearsal_recorded': z.object({ rehearsal: z.string(), tasks: z.array(taskView) }),
	'transfer.created': z.object({ transfer: transferView }),
	'transfer.updated': z.object({ transfer: transferView, changed }),
	/**
	 * Progress of one or more streams, coalesced (at most a few per second per cutover, however often scripts
	 * report). Each entry carries only what progress moves, for the client to merge into the stream it holds
	 * (adding the latest point to its chart).
	 */
	'transfer.progressed': z.object({ transfers: z.array(transferProgressView) }),
	'forecast.computed': z.object({ forecast: forecastView }),
	'decision.opened': z.object({ decision: decisionView }),
	'decision.criterion_updated': z.object({ decision: z.string(), criterion: criterionView }),
	'decision.voted': z.object({ decision: z.string(), vote: voteView, tally: tallyView }),
	/** An outcome; an extension moves the window end in the same event (and leaves a notice draft). */
	'decision.recorded': decisionRecorded,
	'metric.created': z.object({ metric: metricView }),
	'metric.updated': z.object({ metric: metricView, changed }),
	'metric.removed': z.object({ key: z.string() }),
	/**
	 * The latest readings and states of the metrics that got samples, coalesced (at most one a second per
	 * cutover, however often samples are pushed). A board adds each reading to the metric's recent chart.
	 */
	'metrics.updated': z.object({ metrics: z.array(metricUpdate) }),
	/** A metric's readings stayed past a capacity line for its sustain time (written with its metrics.updated). */
	'metric.breached': metricTransition,
	/** A breached line's readings stayed back past it by the margin for the sustain time. */
	'metric.cleared': metricTransition,
	/** The opening plan set or replaced (stages already open stay open). */
	'opening.planned': z.object({ opening: openingView }),
	/** The room's acts on the opening: each carries the act (with its note) and the whole opening after it. */
	'opening.advanced': openingActEvent,
	'opening.stepped_back': openingActEvent,
	'opening.held': openingActEvent,
	'opening.resumed': openingActEvent,
	'opening.restricted': openingActEvent,
	'opening.lifted': openingActEvent,
	/** The next stage's gate said something new: a condition turned, or a figure moved (null: all stages open). */
	'opening.gate_evaluated': z.object({ gate: gateEvaluationView.nullable() }),
	'webhook.created': z.object({ webhook: webhookView }),
	'webhook.updated': z.object({ webhook: webhookView, changed }),
	'webhook.removed': z.object({ id: z.string(), url: z.string() }),
	/** golive gave up on a message after its last attempt and stopped sending to the endpoint. */
	'webhook.disabled': z.object({
		webhook: webhookView,
		seq: z.number(),
		error: z.string().nullable()
	}),
	'metric_source.created': z.object({ source: sourceView }),
	'metric_source.updated': z.object({ source: sourceView, changed }),
	'metric_source.removed': z.object({ key: z.string() }),
	/** A source's pull failed after it was up or not yet pulled: its metrics' readings are stale (no data). */
	'metric_source.down': sourceStateChange,
	/** A source's pull gave every metric a reading again (or for the first time). */
	'metric_source.up': sourceStateChange,
	'service.created': z.object({ service: serviceView }),
	/** A service renamed or moved, its status set by hand (with the note why), restricted or lifted. */
	'service.updated': z.object({ service: serviceView, changed, note: z.string().nullable() }),
	'service.removed': z.object({ key: z.string() }),
	/** An incident opened: the incident and its first timeline entries (opened, the linked breach...). */
	'incident.opened': incidentEvent,
	/**
	 * The room acted on an incident (status, severity, roles, affected services, restoration order): the incident
	 * after the act, what changed, and the timeline entries the act added.
	 */
	'incident.updated': incidentEvent.extend({ changed }),
	/** An entry added to an incident's timeline alone: a note, a correction, a restriction of a service it affects. */
	'incident.timeline': incidentTimelineEvent,
	/** A supplier contact was asked for a report (the link's token is never in the log). */
	'incident.report_requested': z.object({ ref: z.string(), request: reportRequestView }),
	/** A supplier sent a report through their link: a new version of their report on the incident. */
	'incident.report_submitted': z.object({ ref: z.string(), report: reportView }),
	/** The MIM recorded the root-cause analysis: a new version, superseding the earlier ones. */
	'incident.rca_recorded': z.object({ ref: z.string(), rca: rcaView }),
	/** A notice drafted (by hand, or prefilled from a decision, an incident or a maintenance). */
	'notice.created': z.object({ notice: noticeView }),
	/** A notice's draft life: texts edited, sent for approval, approved, scheduled, a maintenance's state moved. */
	'notice.updated': z.object({ notice: noticeView, changed }),
	/** An entry on a notice's public timeline: its first publication, an update, a correction or a withdrawal. */
	'notice.published': z.object({ notice: noticeView, entry: noticeEntryView }),
	/** The cutover's notice settings changed: required languages, second approval, shown on the public page. */
	'notice.settings_changed': z.object({ settings: noticeSettingsView }),
	/**
	 * A programme's inventory imported: the systems the file created or changed (all of them, after the change),
	 * and how many of each.
	 */
	'programme.inventory_imported': z.object({
		systems: z.array(systemView),
		created: z.number(),
		updated: z.number()
	}),
	/** One system changed: by hand, by its wave's tasks (its stage), or by a tester's sign-off. */
	'programme.system_updated': z.object({ system: systemView, changed }),
	/** A runbook template saved: a new version (waves built from an earlier one keep theirs). */
	'programme.template_saved': z.object({ template: templateView }),
	/**
	 * A wave built (a new cutover of the programme, its runbook from the systems' templates), or a template
	 * re-applied to a wave's systems: the wave and its systems after the act.
	 */
	'programme.wave_built': z.object({ wave: waveView, systems: z.array(systemView), reapplied: z.boolean() }),
	/** A tester asked for their word through a one-use link (the token is never in the log). */
	'programme.signoff_requested': z.object({
		system: z.string(),
		testerEmail: z.string(),
		expiresAt: z.string()
	}),
	/** A tester's word on a system, and the system after it. */
	'programme.signed_off': z.object({ system: systemView, signoff: signoffView }),
	/** A message to a system's contact person queued: its downtime announced, its window changed, a reminder. */
	'programme.contact_message_queued': z.object({ message: contactMessageView }),
	/** The programme's settings changed. */
	'programme.settings_changed': z.object({ settings: programmeSettingsView }),
	/** The programme's counts kept for the week (the public progress view's history). */
	'programme.snapshot_taken': z.object({ snapshot: snapshotView })
};

type EventPayloadSchemas = typeof eventPayloads;
type EventType = keyof EventPayloadSchemas;

export const eventActor = z.object({ id: z.string().nullable(), name: z.string() });

const envelope = <T extends EventType>(type: T, data: EventPayloadSchemas[T]) =>
	z.object({
		seq: z
			.number()
			.int()
			.meta({ description: 'Per-cutover sequence number, increasing by one with every event' }),
		type: z.literal(type),
		at: z.string().meta({ format: 'date-time' }),
		actor: eventActor,
		data
	});

/** One envelope schema per event type: their union infers as the union of the typed events. */
type Envelope = { [T in EventType]: ReturnType<typeof envelope<T>> }[EventType];

const envelopes = Object.entries(eventPayloads).map(([type, data]) =>
	envelope(type as EventType, data as EventPayloadSchemas[EventType])
) as [Envelope, ...Envelope[]];

export const cutoverEvent = z
	.discriminatedUnion('type', envelopes)
	.meta({ description: 'One entry of the event log. Clients ignore event types they do not know.' });

/** What a client needs to draw a whole board at `seq`. */
export const boardSnapshot = z.object({
	seq: z.number().int(),
	cutover: cutoverView,
	phases: z.array(phaseView),
	/** Without database ids: incompressible, and the board identifies tasks by key. */
	tasks: z.array(boardTask),
	transfers: z.array(transferView),
	forecast: forecastView.nullable(),
	/** How the forecast moved, oldest first (bounded). */
	forecastHistory: z.array(forecastPoint),
	/** Every decision point with its criteria, votes and outcomes, in the order opened. */
	decisions: z.array(decisionView),
	/** The window end as planned, then each change, oldest first. */
	windowHistory: z.array(windowChangeView),
	/** Notice drafts left by decisions, newest first. */
	noticeDrafts: z.array(noticeDraftView),
	/** The metrics in board order, each with its latest reading, its state and its recent chart. */
	metrics: z.array(metricView),
	/** The staged opening: its plan, where the room has taken it, and the next stage's gate; null without one. */
	opening: openingView.nullable(),
	/** The catalogue of services in order, each with the status it shows and its restriction. */
	services: z.array(serviceView),
	/** Incidents, open ones first (most severe, then newest), then the resolved, newest first; each with its own timeline. */
	incidents: z.array(incidentDetail),
	/** A programme's systems, waves and templates; null on a cutover. */
	programme: programmePart.nullable()
});
