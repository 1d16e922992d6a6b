/**
 * The event log's entries as they travel to clients. Each carries the whole changed record, so a client applies
 * it without a query; the log is also the audit trail and the activity feed.
 */
import type { BoardTask, CutoverView, PhaseView, TaskView } from './schemas/runbook';
import type { ForecastPoint, ForecastView, TransferProgressView, TransferView } from './schemas/transfers';
import type {
	CriterionView,
	DecisionRecorded,
	DecisionView,
	NoticeDraftView,
	Tally,
	VoteView,
	WindowChangeView
} from './schemas/decisions';
import type { TaskStatus } from './task-status';

export interface EventPayloads {
	'cutover.created': { cutover: CutoverView };
	'cutover.updated': { cutover: CutoverView; changed: string[] };
	'phase.created': { phase: PhaseView };
	'task.created': { task: TaskView };
	'task.updated': { task: TaskView; changed: string[] };
	'task.transitioned': { task: TaskView; from: TaskStatus; to: TaskStatus; note: string | null };
	'runbook.imported': { phases: PhaseView[]; tasks: TaskView[] };
	'transfer.created': { transfer: TransferView };
	'transfer.updated': { transfer: TransferView; changed: string[] };
	/**
	 * Progress of one or more streams, coalesced (at most a few per second per cutover, however often scripts
	 * report). Each entry carries only what progress moves, for the client to merge into the stream it holds
	 * (adding the latest point to its chart).
	 */
	'transfer.progressed': { transfers: TransferProgressView[] };
	'forecast.computed': { forecast: ForecastView };
	'decision.opened': { decision: DecisionView };
	'decision.criterion_updated': { decision: string; criterion: CriterionView };
	'decision.voted': { decision: string; vote: VoteView; tally: Tally };
	/** An outcome; an extension moves the window end in the same event (and leaves a notice draft). */
	'decision.recorded': DecisionRecorded;
}

export type EventType = keyof EventPayloads;

/** Events that keep boards current but would drown the activity feed (several a second while data moves). */
export const QUIET_EVENTS: readonly EventType[] = ['transfer.progressed', 'forecast.computed'];

export interface EventActor {
	id: string | null;
	name: string;
}

export type CutoverEvent = {
	[T in EventType]: { seq: number; type: T; at: string; actor: EventActor; data: EventPayloads[T] };
}[EventType];

/**
 * An event as the activity feed shows it. The feed only says what happened, so a runbook import carries its
 * counts there, not every task again (a 2,000-task board's page carried the whole runbook twice).
 */
export type FeedEvent =
	| Exclude<CutoverEvent, { type: 'runbook.imported' }>
	| {
			seq: number;
			type: 'runbook.imported';
			at: string;
			actor: EventActor;
			data: { phases: number; tasks: number };
	  };

export function toFeedEvent(event: CutoverEvent): FeedEvent {
	if (event.type !== 'runbook.imported') return event;
	return { ...event, data: { phases: event.data.phases.length, tasks: event.data.tasks.length } };
}

/** What a client needs to draw a whole board at `seq`. */
export interface BoardSnapshot {
	seq: number;
	cutover: CutoverView;
	phases: PhaseView[];
	/** Without database ids: incompressible, and the board identifies tasks by key. */
	tasks: BoardTask[];
	transfers: TransferView[];
	forecast: ForecastView | null;
	/** How the forecast moved, oldest first (bounded). */
	forecastHistory: ForecastPoint[];
	/** Every decision point with its criteria, votes and outcomes, in the order opened. */
	decisions: DecisionView[];
	/** The window end as planned, then each change, oldest first. */
	windowHistory: WindowChangeView[];
	/** Notice drafts left by decisions, newest first. */
	noticeDrafts: NoticeDraftView[];
}
