/** The runbook's API: cutovers, their tasks and moves, the whole runbook at once, and the window's history. */
import { z } from 'zod';
import { cutoverParams, listQuery, pageOf, taskParams } from '../../shared/schemas/api';
import { windowChangeView } from '../../shared/schemas/decisions';
import {
	cutoverCreateInput,
	cutoverPatchInput,
	cutoverView,
	runbookExport,
	runbookImportInput,
	runbookImportResult,
	taskCreateInput,
	taskPatchInput,
	taskTransitionInput,
	taskView
} from '../../shared/schemas/runbook';
import { matches, seqTag } from '../board/board-snapshot';
import { endpoint } from '../http/endpoint';
import { paginate } from '../http/pagination';
import { NOT_MODIFIED, revalidated } from '../http/revalidation';
import { createCutover, updateCutover } from './cutover.service';
import { getCutover, listCutovers } from './cutover-lookup';
import {
	createTask,
	exportRunbook,
	getTask,
	importRunbook,
	listTasks,
	transitionTask,
	updateTask
} from './task.service';
import { windowHistory } from './window-history';

const CUTOVERS = '/api/v1/cutovers';
const CUTOVER = `${CUTOVERS}/{slug}`;
const TASK = `${CUTOVER}/tasks/{key}`;

export const runbookEndpoints = [
	endpoint({
		id: 'listCutovers',
		method: 'GET',
		path: CUTOVERS,
		tag: 'cutovers',
		summary: 'List cutovers (by window start)',
		query: listQuery,
		ok: { schema: pageOf(cutoverView), description: 'A page of cutovers' },
		errors: [400, 401],
		handle: async ({ ctx, actor, query }) => paginate(await listCutovers(ctx, actor), query)
	}),
	endpoint({
		id: 'createCutover',
		method: 'POST',
		path: CUTOVERS,
		tag: 'cutovers',
		summary: 'Create a cutover',
		access: { permission: 'cutover.create' },
		body: cutoverCreateInput,
		idempotent: true,
		ok: { status: 201, schema: cutoverView, description: 'Created' },
		errors: [400, 401, 403, 409, 413],
		handle: ({ ctx, actor, body }) => createCutover(ctx, actor, body)
	}),
	endpoint({
		id: 'getCutover',
		method: 'GET',
		path: CUTOVER,
		tag: 'cutovers',
		summary: 'One cutover',
		description:
			'Its entity tag names its seq: ask again with If-None-Match to get a 304 until something changes.',
		params: cutoverParams,
		ok: {
			schema: cutoverView,
			description: 'The cutover',
			more: [NOT_MODIFIED]
		},
		errors: [400, 401, 403, 404],
		handle: async ({ ctx, actor, params, headers }) => {
			const cutover = await getCutover(ctx, actor, params.slug);
			const tag = seqTag(cutover);
			return revalidated(tag, matches(headers['if-none-match'] ?? null, tag) ? null : cutover);
		}
	}),
	endpoint({
		id: 'updateCutover',
		method: 'PATCH',
		path: CUTOVER,
		tag: 'cutovers',
		summary: 'Edit a cutover (name, time zone, window)',
		access: { permission: 'cutover.edit' },
		params: cutoverParams,
		body: cutoverPatchInput,
		ok: { schema: cutoverView, description: 'The changed cutover' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => updateCutover(ctx, actor, params.slug, body)
	}),
	endpoint({
		id: 'listTasks',
		method: 'GET',
		path: `${CUTOVER}/tasks`,
		tag: 'tasks',
		summary: 'List tasks in runbook order',
		params: cutoverParams,
		query: listQuery,
		ok: { schema: pageOf(taskView), description: 'A page of tasks' },
		errors: [400, 401, 403, 404],
		handle: async ({ ctx, actor, params, query }) => paginate(await listTasks(ctx, actor, params.slug), query)
	}),
	endpoint({
		id: 'createTask',
		method: 'POST',
		path: `${CUTOVER}/tasks`,
		tag: 'tasks',
		summary: 'Add a task (a new phase name creates the phase at the end)',
		description: 'Unknown dependencies and cycles are refused with 400, naming them.',
		access: { permission: 'runbook.edit' },
		params: cutoverParams,
		body: taskCreateInput,
		idempotent: true,
		ok: { status: 201, schema: taskView, description: 'Created' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => createTask(ctx, actor, params.slug, body)
	}),
	endpoint({
		id: 'getTask',
		method: 'GET',
		path: TASK,
		tag: 'tasks',
		summary: 'One task',
		params: taskParams,
		ok: { schema: taskView, description: 'The task' },
		errors: [400, 401, 403, 404],
		handle: ({ ctx, actor, params }) => getTask(ctx, actor, params.slug, params.key)
	}),
	endpoint({
		id: 'updateTask',
		method: 'PATCH',
		path: TASK,
		tag: 'tasks',
		summary: "Edit a task's planned fields",
		access: { permission: 'runbook.edit' },
		params: taskParams,
		body: taskPatchInput,
		ok: { schema: taskView, description: 'The changed task' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => updateTask(ctx, actor, params.slug, params.key, body)
	}),
	endpoint({
		id: 'transitionTask',
		method: 'POST',
		path: `${TASK}/transition`,
		tag: 'tasks',
		summary: 'Move a task to another status',
		description:
			'not_started -> in_progress -> done | failed | skipped, plus blocked; a failed task is retried by starting it again. An illegal move, unmet dependencies or a stale expectedVersion get 409 with the current task in details.task. Only the task owner (a user or team) or an operator or admin may move a task.',
		access: { permission: 'task.move_any', owner: 'task.move_own' },
		params: taskParams,
		body: taskTransitionInput,
		idempotent: true,
		ok: { schema: taskView, description: 'The moved task' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => transitionTask(ctx, actor, params.slug, params.key, body)
	}),
	endpoint({
		id: 'exportRunbook',
		method: 'GET',
		path: `${CUTOVER}/runbook`,
		tag: 'tasks',
		summary: 'The whole runbook as a file: phases, tasks, metric sources and definitions, the opening plan',
		description: 'What PUT of the same path takes back, e.g. to copy a runbook to a rehearsal cutover.',
		params: cutoverParams,
		ok: { schema: runbookExport, description: 'The runbook' },
		errors: [400, 401, 403, 404],
		handle: ({ ctx, actor, params }) => exportRunbook(ctx, actor, params.slug)
	}),
	endpoint({
		id: 'importRunbook',
		method: 'PUT',
		path: `${CUTOVER}/runbook`,
		tag: 'tasks',
		summary: 'Replace the whole runbook',
		description:
			'Phases in order, then tasks, the metric sources (when given, created or changed by key; others stay), the metrics in board order (when given, they become exactly the list; left out, they stay) and the opening plan (when given, it replaces the plan; each gate condition must read one of the metrics). All or nothing, in one write: the first problem refuses it whole with a 400 naming it. Refused with 409 once any task has moved.',
		access: { permission: 'runbook.edit' },
		params: cutoverParams,
		body: runbookImportInput,
		ok: {
			schema: runbookImportResult,
			description: 'How many phases, tasks, sources, metrics and opening stages were loaded'
		},
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => importRunbook(ctx, actor, params.slug, body)
	}),
	endpoint({
		id: 'getWindowHistory',
		method: 'GET',
		path: `${CUTOVER}/window-history`,
		tag: 'decisions',
		summary: "The window's history: the planned end, then each change, who and why",
		params: cutoverParams,
		ok: { schema: z.object({ items: z.array(windowChangeView) }), description: 'Oldest first' },
		errors: [400, 401, 403, 404],
		handle: async ({ ctx, actor, params }) => ({ items: await windowHistory(ctx, actor, params.slug) })
	})
];
