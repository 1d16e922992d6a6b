/**
 * The board's filters, kept in the URL (`?show=late&phase=Cutover`) so a wall or a colleague's link opens the
 * same view: now (running, ready, failed or blocked), late, on the critical path, mine; and one phase.
 */
import { ownsTask } from './roles';
import { isFinished, type TaskStatus } from './task-status';

export const BOARD_FILTERS = ['all', 'now', 'late', 'critical', 'mine'] as const;
export type BoardFilter = (typeof BOARD_FILTERS)[number];

export function boardFilter(param: string | null): BoardFilter {
	return (BOARD_FILTERS as readonly string[]).includes(param ?? '') ? (param as BoardFilter) : 'all';
}

/** A task as far as the filters are concerned. */
export interface FilterableTask {
	status: TaskStatus;
	owner: string;
	late: boolean;
	critical: boolean;
	ready: boolean;
}

export type Who = { username: string; team: string | null } | null;

export function matchesFilter(filter: BoardFilter, task: FilterableTask, who: Who): boolean {
	switch (filter) {
		case 'all':
			return true;
		case 'now':
			return (
				task.status === 'in_progress' ||
				task.status === 'failed' ||
				task.status === 'blocked' ||
				(task.ready && task.status === 'not_started')
			);
		case 'late':
			return task.late && !isFinished(task.status);
		case 'critical':
			return task.critical && !isFinished(task.status);
		case 'mine':
			return who !== null && ownsTask(task.owner, who);
	}
}

/**
 * Where "jump to now" goes: the first running or late task in runbook order, else the first ready one, else the
 * first not finished; null when all is finished.
 */
export function nowTaskKey<T extends FilterableTask & { key: string }>(tasks: readonly T[]): string | null {
	const first = (test: (t: T) => boolean) => tasks.find(test)?.key ?? null;
	return (
		first((t) => t.status === 'in_progress' || (t.late && !isFinished(t.status))) ??
		first((t) => t.ready && t.status === 'not_started') ??
		first((t) => !isFinished(t.status))
	);
}

/** The URL's query with one parameter set, or removed when it has its default (so a plain board has no query). */
export function withParam(search: URLSearchParams, name: string, value: string | null): string {
	const next = new URLSearchParams(search);
	if (value === null || value === '' || value === 'all') next.delete(name);
	else next.set(name, value);
	const query = next.toString();
	return query ? `?${query}` : '';
}
