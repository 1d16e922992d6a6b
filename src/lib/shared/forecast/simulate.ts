/**
 * The window forecast by Monte Carlo: every unfinished task and transfer gets a drawn duration (or transfer
 * rate) per sample, the forward pass runs over the graph, and the spread of the ends gives P50, P90 and the
 * chance of finishing inside the window. The graph is flattened once into typed arrays so a thousand passes
 * over thousands of tasks stay fast.
 */
import { projectedSlot, readyTime, topologicalIndices, type ScheduleInput } from '../schedule';
import { isFinished } from '../task-status';
import { boundedInstant } from '../time';
import {
	parseNodeKey,
	scheduleNodes,
	transferEnd,
	waitingTransferMs,
	type ForecastTask,
	type ForecastTransfer,
	type NodeRef
} from './graph';
import { RANDOM_STEP, triangularShape, type TriangularShape } from './random';

export interface ForecastInput {
	tasks: readonly ForecastTask[];
	transfers: readonly ForecastTransfer[];
	windowStart: number;
	windowEnd: number;
	now: number;
	samples?: number;
	seed: number;
}

export interface ForecastDriverShare extends NodeRef {
	/** Share of samples in which this unfinished step was on the critical path (0..1). */
	criticality: number;
}

export interface ForecastResult {
	/** The deterministic projection (no randomness). */
	projectedEnd: number;
	p50: number;
	p90: number;
	/** Share of samples ending by the window end. */
	probability: number;
	/** The most critical unfinished steps, most critical first (at most 10). */
	drivers: ForecastDriverShare[];
	samples: number;
	seed: number;
}

const MINUTE = 60_000;
const MAX_DRIVERS = 10;

/**
 * Spreads where nothing better is known, as (low, high) multiples of the planned duration: work tends to run
 * over more than under, so the tail is longer on the late side. Transfers waiting to start are less certain.
 */
export const TASK_SPREAD = { low: 0.9, high: 1.5 } as const;
export const TRANSFER_SPREAD = { low: 0.9, high: 1.5 } as const;
/**
 * A running transfer's slowest drawn rate is at least this share of its median rate: a band reaching down to a
 * pause would otherwise draw near-zero rates and endless transfers.
 */
export const MIN_RATE_SHARE = 0.1;
/**
 * The narrowest band a running transfer's rate is drawn from, as multiples of its median rate. The band seen so
 * far says how the stream went, not that it will go on so: a steady stream has a band of width 0, and drawn
 * from that alone the forecast stays certain until the stream slows, then drops from 83 % to 0 % at once.
 */
export const STREAM_BAND = { low: 0.5, high: 1.25 } as const;

// How a node's end comes about in a sample.
/** Finished with a recorded end. */
const FIXED = 0;
/** Finished without a recorded end: it ends when it could have started, as the projection has it. */
const AT_READY = 1;
/** Started: its start plus a drawn duration, not before now. */
const RUNNING = 2;
/** Not started: after its dependencies, "not before", now and the window start, plus a drawn duration. */
const WAITING = 3;
/** A running transfer with a rate: what remained at its last sample, at a drawn rate, not before now. */
const STREAM = 4;

/** How one node's end is drawn. */
interface NodeDraw {
	mode: number;
	/** The end (FIXED), the start (RUNNING), the earliest start (WAITING, AT_READY) or the base (STREAM). */
	time: number;
	/** A duration in ms, or a rate per ms for a stream; unused when `choices` is set or nothing is drawn. */
	shape: TriangularShape | null;
	/** Durations (ms) to pick one of uniformly. */
	choices: readonly number[] | null;
	/** What a stream has left to move. */
	remaining: number;
}

/**
 * The graph as flat arrays, finished nodes first (their ends never change, so a pass starts after them), then
 * the rest in topological order: a node depends only on nodes before it.
 */
interface Plan {
	nodes: ScheduleInput[];
	/** The deterministic projection's end (projectEnd's, computed over the same order). */
	projectedEnd: number;
	/** Index into `nodes` of each position. */
	nodeOf: Int32Array;
	fixedCount: number;
	mode: Uint8Array;
	time: Float64Array;
	remaining: Float64Array;
	/** The triangular draw (see TriangularShape). */
	low: Float64Array;
	split: Float64Array;
	rise: Float64Array;
	fall: Float64Array;
	high: Float64Array;
	/** A node's rehearsal durations are choices[choiceStart[i]] up to choiceStart[i + 1]; none: triangular. */
	choiceStart: Int32Array;
	choices: Float64Array;
	depStart: Int32Array;
	deps: Int32Array;
}

export function simulateForecast(input: ForecastInput): ForecastResult {
	const { windowStart, windowEnd, now, seed } = input;
	const samples = Math.max(1, Math.floor(input.samples ?? 1000));
	const plan = flatten(input);
	const { mode, time, fixedCount } = plan;
	const n = mode.length;
	const ends = new Float64Array(n);
	const hits = new Int32Array(n);
	const sampleEnds = new Float64Array(samples);
	let fixedLatest = windowStart;
	let fixedLast = -1;
	for (let i = 0; i < fixedCount; i++) {
		ends[i] = time[i];
		if (time[i] > fixedLatest) {
			fixedLatest = time[i];
			fixedLast = i;
		}
	}
	const rng = new Int32Array([seed | 0]);
	for (let s = 0; s < samples; s++) {
		const last = samplePass(plan, rng, ends, now, fixedLatest, fixedLast);
		sampleEnds[s] = last === -1 ? windowStart : ends[last];
		// Back along the critical path; only unfinished steps (RUNNING, WAITING, STREAM) can drive the end.
		for (let i = last; i !== -1; i = driverOf(plan, ends, i)) if (mode[i] >= RUNNING) hits[i]++;
	}

	sampleEnds.sort();
	let onTime = 0;
	for (let s = 0; s < samples; s++) if (sampleEnds[s] <= windowEnd) onTime++;
	return {
		// A stream that never finishes at its rate would end past what can be written: the latest instant then.
		projectedEnd: boundedInstant(plan.projectedEnd),
		p50: boundedInstant(percentile(sampleEnds, 0.5)),
		p90: boundedInstant(percentile(sampleEnds, 0.9)),
		probability: onTime / samples,
		drivers: topDrivers(plan, hits, samples),
		samples,
		seed
	};
}

/**
 * One forward pass over the unfinished nodes with one uniform draw each: fills their ends and returns the node
 * ending last (after the latest finished one), or `last` when none does.
 */
function samplePass(
	plan: Plan,
	/** The generator's state, carried from sample to sample. */
	rng: Int32Array,
	ends: Float64Array,
	now: number,
	latest: number,
	last: number
): number {
	const { mode, time, remaining, low, split, rise, fall, high, choiceStart, choices, depStart, deps } = plan;
	let state = rng[0];
	const step = RANDOM_STEP; // a local: an imported binding is read through a getter under tsx
	for (let i = plan.fixedCount; i < mode.length; i++) {
		const m = mode[i];
		// mulberry32 (see random.ts), drawn here and inline: an array filled first, or a call across modules,
		// made the whole pass measurably slower.
		state = (state + step) | 0;
		let t = Math.imul(state ^ (state >>> 15), state | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
		const choiceCount = choiceStart[i + 1] - choiceStart[i];
		// The triangular draw by its inverse CDF (see TriangularShape), inline: this loop is the hot one.
		const drawn =
			choiceCount > 0
				? choices[choiceStart[i] + Math.floor(u * choiceCount)]
				: u < split[i]
					? low[i] + rise[i] * Math.sqrt(u)
					: high[i] - fall[i] * Math.sqrt(1 - u);
		let end: number;
		if (m === STREAM) end = Math.max(now, time[i] + remaining[i] / drawn);
		else if (m === RUNNING) end = Math.max(now, time[i] + drawn);
		else {
			let ready = time[i];
			for (let k = depStart[i]; k < depStart[i + 1]; k++) ready = Math.max(ready, ends[deps[k]]);
			end = m === AT_READY ? ready : ready + drawn;
		}
		ends[i] = end;
		if (end > latest) {
			latest = end;
			last = i;
		}
	}
	rng[0] = state;
	return last;
}

/** The dependency whose end set node i's start in this pass (the first of equals), or -1 when none did. */
function driverOf(plan: Plan, ends: Float64Array, i: number): number {
	const m = plan.mode[i];
	if (m !== WAITING && m !== AT_READY) return -1;
	let ready = -Infinity;
	let driver = -1;
	for (let k = plan.depStart[i]; k < plan.depStart[i + 1]; k++) {
		const d = plan.deps[k];
		if (ends[d] > ready) {
			ready = ends[d];
			driver = d;
		}
	}
	return ready >= plan.time[i] ? driver : -1;
}

/** Nearest rank of an ascending array. */
function percentile(sorted: Float64Array, q: number): number {
	return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

function topDrivers(plan: Plan, hits: Int32Array, samples: number): ForecastDriverShare[] {
	const found: ForecastDriverShare[] = [];
	for (let i = 0; i < hits.length; i++)
		if (hits[i] > 0)
			found.push({ ...parseNodeKey(plan.nodes[plan.nodeOf[i]].key), criticality: hits[i] / samples });
	return found.sort((a, b) => b.criticality - a.criticality).slice(0, MAX_DRIVERS);
}

function spread(likely: number, s: { low: number; high: number }): TriangularShape {
	return triangularShape(s.low * likely, likely, s.high * likely);
}

/** One literal shape for every draw: objects built by spreading fall to V8's slow dictionary mode. */
function nodeDraw(
	mode: number,
	time: number,
	shape: TriangularShape | null,
	choices: readonly number[] | null = null,
	remaining = 0
): NodeDraw {
	return { mode, time, shape, choices, remaining };
}

/** `earliest`: the window start or "not before", whichever is later. */
function taskDraw(task: ForecastTask, earliest: number, now: number): NodeDraw {
	if (isFinished(task.status))
		return task.actualEnd !== null
			? nodeDraw(FIXED, task.actualEnd, null)
			: nodeDraw(AT_READY, earliest, null);
	const running = task.status === 'in_progress' && task.actualStart !== null;
	const mode = running ? RUNNING : WAITING;
	const time = running ? task.actualStart! : Math.max(earliest, now);
	if (task.estimate) {
		const { optimistic, likely, pessimistic } = task.estimate;
		return nodeDraw(mode, time, triangularShape(optimistic * MINUTE, likely * MINUTE, pessimistic * MINUTE));
	}
	if (task.rehearsalMinutes.length >= 2)
		return nodeDraw(
			mode,
			time,
			null,
			task.rehearsalMinutes.map((m) => m * MINUTE)
		);
	return nodeDraw(mode, time, spread(task.durationMinutes * MINUTE, TASK_SPREAD));
}

function transferDraw(
	transfer: ForecastTransfer,
	node: ScheduleInput,
	earliest: number,
	now: number
): NodeDraw {
	const finishedAt = transferEnd(transfer, now);
	if (finishedAt !== null) return nodeDraw(FIXED, finishedAt, null);
	if (transfer.startedAt === null)
		return nodeDraw(WAITING, Math.max(earliest, now), spread(waitingTransferMs(transfer), TRANSFER_SPREAD));
	const { perMs, lowPerMs, highPerMs } = transfer.rate;
	if (perMs === null || perMs <= 0)
		// Not moving, or no rate yet: its planned span from its start, as the projection has it.
		return nodeDraw(RUNNING, transfer.startedAt, spread(node.durationMinutes * MINUTE, TRANSFER_SPREAD));
	return nodeDraw(
		STREAM,
		transfer.lastProgressAt ?? now,
		streamRateShape(perMs, lowPerMs, highPerMs),
		null,
		Math.max(0, transfer.total - transfer.done)
	);
}

/** The rates a running transfer is drawn at: its observed band, at least STREAM_BAND wide, never near a pause. */
export function streamRateShape(
	perMs: number,
	lowPerMs: number | null,
	highPerMs: number | null
): TriangularShape {
	const slowest = Math.max(Math.min(lowPerMs ?? perMs, perMs * STREAM_BAND.low), perMs * MIN_RATE_SHARE);
	const fastest = Math.max(highPerMs ?? perMs, perMs * STREAM_BAND.high);
	return triangularShape(slowest, perMs, fastest);
}

/** The deterministic projection's end over nodes in topological order (projectNodes' end, without the keys). */
function projectedEndOf(
	nodes: readonly ScheduleInput[],
	topological: Int32Array,
	depStart: Int32Array,
	deps: Int32Array,
	windowStart: number,
	now: number
): number {
	const ends = new Float64Array(nodes.length);
	let latest = windowStart;
	for (const i of topological) {
		let latestDependency = -Infinity;
		for (let k = depStart[i]; k < depStart[i + 1]; k++)
			if (ends[deps[k]] > latestDependency) latestDependency = ends[deps[k]];
		const node = nodes[i];
		const end = projectedSlot(node, readyTime(windowStart, node.notBefore, latestDependency), null, now).end;
		ends[i] = end;
		if (end > latest) latest = end;
	}
	return latest;
}

/** Nodes on a dependency cycle have no place in the order and are left out; validate the graph first. */
function flatten({ tasks, transfers, windowStart, now }: ForecastInput): Plan {
	const nodes = scheduleNodes(tasks, transfers, now);
	const count = nodes.length;
	const indexOfKey = new Map<string, number>();
	for (let i = 0; i < count; i++) indexOfKey.set(nodes[i].key, i);
	// Dependencies by node index (scheduleNodes drops unknown keys, so every one is found).
	const nodeDepStart = new Int32Array(count + 1);
	const nodeDepList: number[] = [];
	for (let i = 0; i < count; i++) {
		for (const d of nodes[i].dependsOn) nodeDepList.push(indexOfKey.get(d)!);
		nodeDepStart[i + 1] = nodeDepList.length;
	}
	const nodeDeps = Int32Array.from(nodeDepList);
	const topological = topologicalIndices(nodeDepStart, nodeDeps);
	const draws = new Array<NodeDraw>(count);
	for (let i = 0; i < count; i++) {
		const node = nodes[i];
		const earliest = Math.max(windowStart, node.notBefore ?? windowStart);
		draws[i] =
			i < tasks.length
				? taskDraw(tasks[i], earliest, now)
				: transferDraw(transfers[i - tasks.length], node, earliest, now);
	}
	// Finished nodes first, each part in topological order.
	const n = topological.length;
	const order = new Int32Array(n);
	let fixedCount = 0;
	for (const i of topological) if (draws[i].mode === FIXED) order[fixedCount++] = i;
	let at = fixedCount;
	for (const i of topological) if (draws[i].mode !== FIXED) order[at++] = i;
	const positionOf = new Int32Array(count).fill(-1);
	for (let position = 0; position < n; position++) positionOf[order[position]] = position;

	const plan: Plan = {
		nodes,
		projectedEnd: projectedEndOf(nodes, topological, nodeDepStart, nodeDeps, windowStart, now),
		nodeOf: order,
		fixedCount,
		mode: new Uint8Array(n),
		time: new Float64Array(n),
		remaining: new Float64Array(n),
		low: new Float64Array(n),
		split: new Float64Array(n),
		rise: new Float64Array(n),
		fall: new Float64Array(n),
		high: new Float64Array(n),
		choiceStart: new Int32Array(n + 1),
		choices: new Float64Array(0),
		depStart: new Int32Array(n + 1),
		deps: new Int32Array(0)
	};
	const deps: number[] = [];
	const choices: number[] = [];
	for (let i = 0; i < n; i++) {
		const nodeIndex = order[i];
		const draw = draws[nodeIndex];
		plan.mode[i] = draw.mode;
		plan.time[i] = draw.time;
		plan.remaining[i] = draw.remaining;
		if (draw.shape) {
			plan.low[i] = draw.shape.min;
			plan.split[i] = draw.shape.split;
			plan.rise[i] = draw.shape.rise;
			plan.fall[i] = draw.shape.fall;
			plan.high[i] = draw.shape.max;
		}
		if (draw.choices) for (const c of draw.choices) choices.push(c);
		plan.choiceStart[i + 1] = choices.length;
		for (let k = nodeDepStart[nodeIndex]; k < nodeDepStart[nodeIndex + 1]; k++)
			deps.push(positionOf[nodeDeps[k]]);
		plan.depStart[i + 1] = deps.length;
	}
	plan.deps = Int32Array.from(deps);
	plan.choices = Float64Array.from(choices);
	return plan;
}
