/**
 * Go/no-go checkpoints in the runbook: a decision point may name a task as its checkpoint. The checkpoint cannot
 * be done, and nothing after it (through task or transfer dependencies) can start, until the decision's standing
 * outcome opens the gate (a go, or a go with a stated risk accepted). When several decision points name the same
 * task, the latest one opened governs (e.g. a re-review after a no-go or ordered fixes).
 */
import { governingPoints } from '../../shared/decisions';
import type { OutcomeKind } from '../../shared/schemas/decisions';
import { checkpointRows } from './decision.queries';

/** The go/no-go points of a cutover's checkpoints, for the runbook's gate checks inside a move's transaction. */
export { checkpointRows };

export interface Checkpoint {
	task: string;
	decision: string;
	/** The standing outcome, if any. */
	outcome: OutcomeKind | null;
	open: boolean;
}

type Row = Awaited<ReturnType<typeof checkpointRows>>[number];

/** Each checkpoint task with the decision that governs it (rows ordered by point position, then outcome time). */
export function checkpoints(rows: readonly Row[]): Map<string, Checkpoint> {
	const byPoint = new Map<
		string,
		{
			key: string;
			checkpointTask: string;
			position: number;
			outcomes: { id: string; supersedes: string | null; kind: OutcomeKind }[];
		}
	>();
	for (const r of rows) {
		let point = byPoint.get(r.key);
		if (!point)
			byPoint.set(
				r.key,
				(point = { key: r.key, checkpointTask: r.checkpointTask!, position: byPoint.size, outcomes: [] })
			);
		if (r.outcomeId)
			point.outcomes.push({ id: r.outcomeId, supersedes: r.supersedesId, kind: r.kind as OutcomeKind });
	}
	const out = new Map<string, Checkpoint>();
	for (const [task, { point, kind, open }] of governingPoints([...byPoint.values()]))
		out.set(task, { task, decision: point.key, outcome: kind, open });
	return out;
}

/** The checkpoint at `key` when it is closed (its decision has not opened it). */
export function closedGate(key: string, gates: Map<string, Checkpoint>): Checkpoint | undefined {
	const gate = gates.get(key);
	return gate && !gate.open ? gate : undefined;
}

interface Node {
	key: string;
	dependsOn: readonly string[];
	dependsOnTransfers?: readonly string[];
}

/**
 * The closed checkpoints that `taskKey` waits for, directly or through other tasks and transfers (not counting
 * the task itself being a checkpoint).
 */
export function closedCheckpointsUpstream(
	taskKey: string,
	tasks: readonly Node[],
	transfers: readonly { key: string; dependsOn: readonly string[] }[],
	gates: Map<string, Checkpoint>
): Checkpoint[] {
	const closed = [...gates.values()].filter((g) => !g.open);
	if (closed.length === 0) return [];
	const task = new Map(tasks.map((t) => [t.key, t]));
	const transfer = new Map(transfers.map((t) => [t.key, t]));
	const seen = new Set<string>();
	const found: Checkpoint[] = [];
	const stack = [...upstreamOf(task.get(taskKey), transfer)];
	while (stack.length) {
		const key = stack.pop()!;
		if (seen.has(key)) continue;
		seen.add(key);
		const gate = closedGate(key, gates);
		if (gate) found.push(gate);
		stack.push(...upstreamOf(task.get(key), transfer));
	}
	return found;
}

/** The tasks a task waits for directly: its dependencies and those of the transfers it waits for. */
function upstreamOf(t: Node | undefined, transfers: Map<string, { dependsOn: readonly string[] }>): string[] {
	if (!t) return [];
	return [...t.dependsOn, ...(t.dependsOnTransfers ?? []).flatMap((k) => transfers.get(k)?.dependsOn ?? [])];
}
