/** The task state machine: which moves are legal, and what "finished" and "ready" mean. */
export const TASK_STATUSES = ['not_started', 'in_progress', 'done', 'failed', 'blocked', 'skipped'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

const TRANSITIONS: Record<TaskStatus, readonly TaskStatus[]> = {
	not_started: ['in_progress', 'blocked', 'skipped'],
	// Back to not_started undoes a start pressed by mistake.
	in_progress: ['done', 'failed', 'blocked', 'not_started'],
	blocked: ['not_started', 'in_progress', 'skipped'],
	// A failed task is retried by starting it again.
	failed: ['in_progress', 'skipped', 'blocked'],
	done: [],
	skipped: ['not_started']
};

export function allowedTransitions(from: TaskStatus): readonly TaskStatus[] {
	return TRANSITIONS[from];
}

/** Why `from -> to` is refused, or null when the move is legal. */
export function transitionProblem(from: TaskStatus, to: TaskStatus): string | null {
	if (from === to) return `the task is already ${from}`;
	if (TRANSITIONS[from].includes(to)) return null;
	const allowed = TRANSITIONS[from];
	return allowed.length === 0
		? `a ${from} task cannot change status`
		: `a ${from} task can only move to ${allowed.join(', ')}`;
}

export function isFinished(status: TaskStatus): boolean {
	return status === 'done' || status === 'skipped';
}
