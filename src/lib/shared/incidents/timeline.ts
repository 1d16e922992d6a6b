/**
 * An incident's timeline as people read it: its own entries (kept append-only on the server) merged with the
 * cutover's logged events of its span that concern the room as a whole (decisions, the opening's restrictions),
 * which are recorded once, in the log, not copied into every open incident. Pure, so a board can merge what its
 * activity feed holds the same way the server does.
 */
import type { CutoverEvent } from '../events';
import type { TimelineEntry } from '../schemas/incidents';

/** The events of the cutover's log an incident's timeline shows beside its own entries. */
export const LOGGED_ON_TIMELINE = ['decision.recorded', 'opening.restricted', 'opening.lifted'] as const;

/** A logged event as a timeline entry (decisions and the opening's restrictions); null for any other. */
export function loggedEntry(event: CutoverEvent): TimelineEntry | null {
	const base = { id: null, seq: event.seq, at: event.at, by: event.actor.name };
	switch (event.type) {
		case 'decision.recorded':
			return {
				...base,
				text: event.data.outcome.rationale,
				detail: {
					kind: 'decision',
					decision: event.data.decision.key,
					title: event.data.decision.title,
					outcome: event.data.outcome.kind
				}
			};
		case 'opening.restricted':
		case 'opening.lifted':
			return {
				...base,
				text: event.data.act.note,
				detail: {
					kind: 'opening',
					act: event.type === 'opening.restricted' ? 'restricted' : 'lifted',
					part: event.data.act.part
				}
			};
		default:
			return null;
	}
}

/** An incident's own entries merged with the logged ones of its span, in the log's order (by seq, then id). */
export function mergeTimeline(
	own: readonly TimelineEntry[],
	logged: readonly CutoverEvent[]
): TimelineEntry[] {
	const fromLog = logged.map(loggedEntry).filter((e): e is TimelineEntry => e !== null);
	return [...own, ...fromLog].sort((a, b) => a.seq - b.seq || (a.id ?? 0) - (b.id ?? 0));
}
