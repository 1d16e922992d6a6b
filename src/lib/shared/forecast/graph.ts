/**
 * Transfers as nodes of the schedule graph, so the runbook's forward pass and critical path place tasks that
 * wait for data after the data arrives.
 */
import { criticalPath, projectedSchedule, scheduleEnd, type ScheduleInput } from '../schedule';
import type { RateEstimate } from './transfer-rate';

/** Task keys cannot contain ':', so transfer nodes cannot collide with tasks. */
export const TRANSFER_NODE_PREFIX = 'transfer:';

const MINUTE = 60_000;

export type NodeKind = 'task' | 'transfer';

export interface NodeRef {
	kind: NodeKind;
	key: string;
}

export function transferNodeKey(key: string): string {
	return TRANSFER_NODE_PREFIX + key;
}

export function parseNodeKey(nodeKey: string): NodeRef {
	return nodeKey.startsWith(TRANSFER_NODE_PREFIX)
		? { kind: 'transfer', key: nodeKey.slice(TRANSFER_NODE_PREFIX.length) }
		: { kind: 'task', key: nodeKey };
}

export interface ForecastTransfer {
	key: string;
	/** Task keys that must finish first. */
	dependsOn: readonly string[];
	startedAt: number | null;
	finishedAt: number | null;
	done: number;
	total: number;
	rate: RateEstimate;
	eta: number | null;
	plannedDurationMs: number | null;
	/** The time of the newest progress sample: the base the ETA runs from (now when absent). */
	lastProgressAt?: number | null;
}

export interface ThreePointEstimate {
	/** Minutes. */
	optimistic: number;
	likely: number;
	pessimistic: number;
}

export interface ForecastTask extends ScheduleInput {
	dependsOnTransfers: readonly string[];
	estimate: ThreePointEstimate | null;
	rehearsalMinutes: readonly number[];
}

/** When a transfer ended: its finish time, or (complete but not marked finished) its ETA, else null. */
export function transferEnd(t: ForecastTransfer, now: number): number | null {
	if (t.finishedAt !== null) return t.finishedAt;
	return t.done >= t.total ? (t.eta ?? now) : null;
}

/**
 * How long a transfer that has not started will take: its planned duration, else what remains at the
 * (planned) rate, else nothing.
 */
export function waitingTransferMs(t: ForecastTransfer): number {
	if (t.plannedDurationMs !== null) return t.plannedDurationMs;
	const perMs = t.rate.perMs;
	return perMs !== null && perMs > 0 ? Math.max(0, t.total - t.done) / perMs : 0;
}

/**
 * The runbook and its transfers as one graph for the schedule functions. A running transfer lasts until its
 * ETA; without one, its planned duration from its start, else 0 (the projection then ends it now: late
 * already, with nothing to say by how much). Dependencies on unknown keys are dropped.
 */
export function scheduleNodes(
	tasks: readonly ForecastTask[],
	transfers: readonly ForecastTransfer[],
	now: number
): ScheduleInput[] {
	const taskKeys = new Set(tasks.map((t) => t.key));
	const transferKeys = new Set(transfers.map((t) => t.key));
	const knownTasks = (keys: readonly string[]) => keys.filter((k) => taskKeys.has(k));
	const nodes: ScheduleInput[] = tasks.map((t) => ({
		key: t.key,
		durationMinutes: t.durationMinutes,
		dependsOn: [
			...knownTasks(t.dependsOn),
			...t.dependsOnTransfers.filter((k) => transferKeys.has(k)).map(transferNodeKey)
		],
		notBefore: t.notBefore,
		status: t.status,
		actualStart: t.actualStart,
		actualEnd: t.actualEnd
	}));
	for (const t of transfers) {
		const node = { key: transferNodeKey(t.key), dependsOn: knownTasks(t.dependsOn), notBefore: null };
		const end = transferEnd(t, now);
		if (end !== null) {
			nodes.push({
				...node,
				durationMinutes: 0,
				status: 'done',
				actualStart: t.startedAt ?? end,
				actualEnd: end
			});
		} else if (t.startedAt !== null) {
			const durationMs = t.eta !== null ? t.eta - t.startedAt : (t.plannedDurationMs ?? 0);
			nodes.push({
				...node,
				durationMinutes: Math.max(0, durationMs) / MINUTE,
				status: 'in_progress',
				actualStart: t.startedAt,
				actualEnd: null
			});
		} else {
			nodes.push({
				...node,
				durationMinutes: waitingTransferMs(t) / MINUTE,
				status: 'not_started',
				actualStart: null,
				actualEnd: null
			});
		}
	}
	return nodes;
}

/** The deterministic projection: the end and its driving chain over actuals, elapsed time and ETAs. */
export function projectEnd(
	tasks: readonly ForecastTask[],
	transfers: readonly ForecastTransfer[],
	windowStart: number,
	now: number
): { end: number; criticalPath: NodeRef[] } {
	return projectNodes(scheduleNodes(tasks, transfers, now), windowStart, now);
}

/** projectEnd over nodes already built by scheduleNodes. */
export function projectNodes(
	nodes: readonly ScheduleInput[],
	windowStart: number,
	now: number
): { end: number; criticalPath: NodeRef[] } {
	const slots = projectedSchedule(nodes, windowStart, now);
	return { end: scheduleEnd(slots, windowStart), criticalPath: criticalPath(slots).map(parseNodeKey) };
}
