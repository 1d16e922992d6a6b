/**
 * The rules of a programme, pure: what a system of the inventory is, where a system stands in its move (from
 * unplanned to migrated), and what a tester's sign-off does to it. The server enforces them; the programme
 * board, the counts and the public progress view read systems through `systemStage`.
 */

/** Where a system runs: its test environment or production (scenario 3 moved the test systems first). */
export const ENVIRONMENTS = ['test', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** How much a system's downtime hurts, least first. */
export const CRITICALITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

/** A tester's word on a system after its move. */
export const SIGNOFF_VERDICTS = ['works', 'problems'] as const;
export type SignoffVerdict = (typeof SIGNOFF_VERDICTS)[number];

/**
 * What a system's contact person is told of its downtime: announced days ahead, the window changed, reminded the
 * day before.
 */
export const CONTACT_MESSAGE_KINDS = ['announce', 'changed', 'reminder'] as const;
export type ContactMessageKind = (typeof CONTACT_MESSAGE_KINDS)[number];

/** The reminder goes this long before the window starts. */
export const REMINDER_BEFORE_MS = 24 * 60 * 60 * 1000;

/**
 * Where a system stands, in order:
 * - `unplanned`: in the inventory, in no wave yet;
 * - `planned`: in a wave whose runbook has not reached the system's tasks;
 * - `moving`: at least one of its tasks has started;
 * - `moved`: its move tasks are done, its testers have not all said "works";
 * - `problems`: a tester said "problems" (a follow-up is open) and has not since said "works";
 * - `migrated`: moved, and every tester's latest word is "works". Only this counts as done.
 */
export const SYSTEM_STAGES = ['unplanned', 'planned', 'moving', 'moved', 'problems', 'migrated'] as const;
export type SystemStage = (typeof SYSTEM_STAGES)[number];

/** A system's testers: people in the agencies who check it after its move. */
export interface Tester {
	name: string;
	email: string;
}

/** What decides a system's stage (the fields the server keeps on the system's row). */
export interface StageInputs {
	waveId: string | null;
	startedAt: string | null;
	movedAt: string | null;
	testers: readonly Tester[];
	/** Each tester's latest verdict, by e-mail (lower case). */
	verdicts: Readonly<Record<string, SignoffVerdict>>;
}

/** Where a system stands, from its wave, its tasks' progress and its testers' latest verdicts. */
export function systemStage(s: StageInputs): SystemStage {
	if (!s.waveId) return 'unplanned';
	if (!s.movedAt) return s.startedAt ? 'moving' : 'planned';
	const latest = s.testers.map((t) => s.verdicts[t.email.toLowerCase()]);
	if (latest.some((v) => v === 'problems')) return 'problems';
	// A system without testers is never migrated by itself: someone must be named to check it.
	if (latest.length > 0 && latest.every((v) => v === 'works')) return 'migrated';
	return 'moved';
}

/** A system counts as done only when migrated (moved and signed off), as scenario 3 counted. */
export const isDone = (stage: SystemStage): boolean => stage === 'migrated';

/** A system's moves are behind it: its tasks are done, whatever its testers say. */
export const isMoved = (stage: SystemStage): boolean =>
	stage === 'moved' || stage === 'problems' || stage === 'migrated';

/** How many days before a system's window its downtime is announced, and the reminder the day before. */
export const DEFAULT_ANNOUNCE_DAYS = 14;

/** A stream of events with a window: one night's cutover (a wave, a rehearsal) or a programme of many. */
export const CUTOVER_KINDS = ['cutover', 'programme'] as const;
export type CutoverKind = (typeof CUTOVER_KINDS)[number];

/**
 * What a template's step is to the system's move: `work` (its move is done when all are), or `signoff` (done
 * when its testers have signed off; ticked by the sign-off, not by hand).
 */
export const STEP_KINDS = ['work', 'signoff'] as const;
export type StepKind = (typeof STEP_KINDS)[number];
