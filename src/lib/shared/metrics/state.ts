/**
 * A metric's breach state: ok, warning or critical, moved by its readings in time order against its capacity
 * lines. Pure, so the server (which keeps the state in the metric's row) and tests share one judge.
 *
 * Each line (warning, critical) is judged on its own:
 * - it is breached once the readings have stayed past it (above it, or below it for a `below` metric) for at
 *   least `sustainSeconds`: from the first reading of an unbroken run past the line to the latest one;
 * - a breached line clears with hysteresis: once the readings have stayed back on the good side of the line by at
 *   least `clearMargin` (in the metric's unit) for `sustainSeconds` too. A reading between the line and the margin
 *   neither clears it nor starts the clearing run, so a value hovering at the line does not flap.
 * The metric's level is the most severe breached line. A run is broken by one reading on the other side; the time
 * between readings counts (no data is not a reading on the good side).
 */
import { readingsOf, type Sample } from './readings';

export const METRIC_KINDS = ['gauge', 'rate', 'quantile'] as const;
export const METRIC_DIRECTIONS = ['above', 'below'] as const;
export const METRIC_LEVELS = ['ok', 'warning', 'critical'] as const;

export type MetricKind = (typeof METRIC_KINDS)[number];
export type MetricDirection = (typeof METRIC_DIRECTIONS)[number];
export type MetricLevel = (typeof METRIC_LEVELS)[number];
/** A capacity line: the levels other than ok. */
export type LineLevel = Exclude<MetricLevel, 'ok'>;

/** What the state machine reads of a metric's definition. */
export interface MetricLines {
	kind: MetricKind;
	direction: MetricDirection;
	warning: number | null;
	critical: number | null;
	sustainSeconds: number;
	clearMargin: number;
}

/**
 * One line's progress. Not breached: `since` is the first reading of the current run past the line (null when the
 * latest reading is not past it). Breached: `since` is the first reading of the current run back past the line
 * and its margin (null when the latest is not).
 */
export interface LineTrack {
	breached: boolean;
	since: number | null;
}

export interface MetricState {
	level: MetricLevel;
	/** When the current level began: the start of the run that breached it, or of the run that cleared. */
	levelSince: number | null;
	warning: LineTrack;
	critical: LineTrack;
	/** The last sample judged (epoch ms) and its value as pushed: the state moves only with later samples. */
	lastAt: number | null;
	lastRaw: number | null;
	/** The last reading: the value itself, or for a `rate` the counter's increase per second. */
	value: number | null;
}

/** A change of level, as the event log records it. */
export interface Transition {
	kind: 'breached' | 'cleared';
	/** The line breached (the new level), or the line cleared (the level left). */
	level: LineLevel;
	from: MetricLevel;
	to: MetricLevel;
	/** The reading that completed the run, and when it was taken. */
	value: number;
	at: number;
	/** When the run began: the first reading past the line (breach), or back past it and its margin (clearing). */
	since: number;
}

const untracked = (): LineTrack => ({ breached: false, since: null });

export const initialMetricState = (): MetricState => ({
	level: 'ok',
	levelSince: null,
	warning: untracked(),
	critical: untracked(),
	lastAt: null,
	lastRaw: null,
	value: null
});

/** Whether a reading is past a line (strictly: a reading on the line is not over it). */
export const pastLine = (direction: MetricDirection, value: number, line: number): boolean =>
	direction === 'above' ? value > line : value < line;

/** Whether a reading is back on the good side of a line by at least the margin. */
export const backPastLine = (direction: MetricDirection, value: number, line: number, margin: number) =>
	direction === 'above' ? value <= line - margin : value >= line + margin;

const levelOf = (warning: LineTrack, critical: LineTrack): MetricLevel =>
	critical.breached ? 'critical' : warning.breached ? 'warning' : 'ok';

/** One line's track after one reading; `flipped` holds the start of the run that flipped it, if it did. */
function step(
	lines: MetricLines,
	line: number | null,
	track: LineTrack,
	at: number,
	value: number
): { track: LineTrack; flipped: number | null } {
	// A line removed (or never drawn) is not breached: a breach of it clears with the next reading.
	if (line === null) return { track: untracked(), flipped: null };
	const sustainMs = lines.sustainSeconds * 1000;
	const onward = track.breached
		? backPastLine(lines.direction, value, line, lines.clearMargin)
		: pastLine(lines.direction, value, line);
	if (!onward) return { track: { breached: track.breached, since: null }, flipped: null };
	const since = track.since ?? at;
	if (at - since >= sustainMs) return { track: { breached: !track.breached, since: null }, flipped: since };
	return { track: { breached: track.breached, since }, flipped: null };
}

/**
 * The state after some samples (in any order; only those later than the last judged one move it), with every
 * change of level on the way. Samples are read as the metric's kind says (see readingsOf).
 */
export function advanceMetric(
	lines: MetricLines,
	state: MetricState,
	samples: readonly Sample[]
): { state: MetricState; transitions: Transition[] } {
	const later = samples
		.filter((s) => state.lastAt === null || s.at > state.lastAt)
		.sort((a, b) => a.at - b.at);
	const previous =
		state.lastAt === null || state.lastRaw === null ? null : { at: state.lastAt, value: state.lastRaw };
	const readings = readingsOf(lines.kind, previous, later);
	let { level, levelSince, warning, critical, value } = state;
	const transitions: Transition[] = [];
	for (const r of readings) {
		const w = step(lines, lines.warning, warning, r.at, r.value);
		const c = step(lines, lines.critical, critical, r.at, r.value);
		warning = w.track;
		critical = c.track;
		value = r.value;
		const next = levelOf(warning, critical);
		if (next === level) continue;
		const rank = METRIC_LEVELS.indexOf(next) - METRIC_LEVELS.indexOf(level);
		const line: LineLevel = rank > 0 ? (next as LineLevel) : (level as LineLevel);
		const since = (line === 'critical' ? c.flipped : w.flipped) ?? r.at;
		transitions.push({
			kind: rank > 0 ? 'breached' : 'cleared',
			level: line,
			from: level,
			to: next,
			value: r.value,
			at: r.at,
			since
		});
		level = next;
		levelSince = since;
	}
	const last = later.at(-1);
	return {
		state: {
			level,
			levelSince,
			warning,
			critical,
			lastAt: last?.at ?? state.lastAt,
			lastRaw: last?.value ?? state.lastRaw,
			value
		},
		transitions
	};
}
