import { describe, expect, it } from 'vitest';
import {
	allowedTransitions,
	isFinished,
	TASK_STATUSES,
	transitionProblem,
	type TaskStatus
} from './task-status';

/** The task life of issue 2, written out: every legal move; everything else is refused. */
const LEGAL: Record<TaskStatus, TaskStatus[]> = {
	not_started: ['in_progress', 'blocked', 'skipped'],
	in_progress: ['done', 'failed', 'blocked', 'not_started'],
	blocked: ['not_started', 'in_progress', 'skipped'],
	failed: ['in_progress', 'skipped', 'blocked'],
	done: [],
	skipped: ['not_started']
};

const pairs = TASK_STATUSES.flatMap((from) => TASK_STATUSES.map((to) => [from, to] as const));

describe('task state machine', () => {
	it.each(pairs.filter(([from, to]) => LEGAL[from].includes(to)))('allows %s -> %s', (from, to) => {
		expect(transitionProblem(from, to)).toBeNull();
		expect(allowedTransitions(from)).toContain(to);
	});

	it.each(pairs.filter(([from, to]) => from !== to && !LEGAL[from].includes(to)))(
		'refuses %s -> %s',
		(from, to) => {
			const problem = transitionProblem(from, to);
			expect(problem).not.toBeNull();
			expect(allowedTransitions(from)).not.toContain(to);
			// The reason says where the task can go instead.
			if (LEGAL[from].length)
				expect(problem).toBe(`a ${from} task can only move to ${LEGAL[from].join(', ')}`);
			else expect(problem).toBe(`a ${from} task cannot change status`);
		}
	);

	it.each(TASK_STATUSES)('refuses %s -> itself with "already"', (status) => {
		expect(transitionProblem(status, status)).toBe(`the task is already ${status}`);
	});

	it('runs the whole life of a task: start, fail, retry, finish', () => {
		const path: TaskStatus[] = ['not_started', 'in_progress', 'failed', 'in_progress', 'done'];
		for (let i = 1; i < path.length; i++) expect(transitionProblem(path[i - 1], path[i])).toBeNull();
	});

	it('treats done and skipped as finished, nothing else', () => {
		expect(TASK_STATUSES.filter(isFinished)).toEqual(['done', 'skipped']);
	});
});
