/**
 * The event log's entries as they travel to clients, typed from their schemas (./schemas/events). The schemas are
 * imported as types only: the browser needs these helpers, not the schemas.
 */
import type { z } from 'zod';
import type { boardSnapshot, cutoverEvent, eventActor, eventPayloads } from './schemas/events';
import type { RunbookImportResult } from './schemas/runbook';

export type EventPayloads = { [T in keyof typeof eventPayloads]: z.infer<(typeof eventPayloads)[T]> };

export type EventType = keyof EventPayloads;

/** Events that keep boards current but would drown the activity feed (several a second while data moves). */
export const QUIET_EVENTS: readonly EventType[] = [
	'transfer.progressed',
	'forecast.computed',
	'metrics.updated',
	'opening.gate_evaluated'
];

export type EventActor = z.infer<typeof eventActor>;

export type CutoverEvent = z.infer<typeof cutoverEvent>;

type RunbookImported = Extract<CutoverEvent, { type: 'runbook.imported' }>;

/**
 * An event as the activity feed shows it. The feed only says what happened, so a runbook import carries its
 * counts there, not every task again (a 2,000-task board's page carried the whole runbook twice).
 */
export type FeedEvent =
	Exclude<CutoverEvent, RunbookImported> | (Omit<RunbookImported, 'data'> & { data: RunbookImportResult });

export function toFeedEvent(event: CutoverEvent): FeedEvent {
	if (event.type !== 'runbook.imported') return event;
	return { ...event, data: { phases: event.data.phases.length, tasks: event.data.tasks.length } };
}

/** What a client needs to draw a whole board at `seq`. */
export type BoardSnapshot = z.infer<typeof boardSnapshot>;
