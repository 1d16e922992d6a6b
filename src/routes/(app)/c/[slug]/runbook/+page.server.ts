import { PayloadTooLargeError, ValidationError, validationErrorFrom } from '$lib/server/errors';
import {
	field,
	formAction,
	formValues,
	loaded,
	parseForm,
	parsedField,
	requireRole,
	signedIn
} from '$lib/server/http/form';
import { clockTimes } from '$lib/server/http/wall-time';
import { updateCutover } from '$lib/server/runbook/cutover.service';
import { getCutover } from '$lib/server/runbook/cutover-lookup';
import { getBoardSnapshot } from '$lib/server/board/board-snapshot';
import { RUNBOOK_CSV_COLUMNS, parseRunbookCsv } from '$lib/server/runbook/runbook-csv';
import { createTask, importRunbook, updateTask } from '$lib/server/runbook/task.service';
import { createTransfer, updateTransfer } from '$lib/server/transfers/transfer.service';
import {
	cutoverPatchInput,
	runbookImportInput,
	taskCreateInput,
	type RunbookImportInput,
	taskKey,
	taskPatchInput
} from '$lib/shared/schemas/runbook';
import { transferCreateInput, transferKey, transferPatchInput } from '$lib/shared/schemas/transfers';
import type { Actions, PageServerLoad } from './$types';
import { FormReader, expectedVersion, taskFields, transferFields } from './form-fields';
import {
	createMetricAction,
	moveMetricAction,
	removeMetricAction,
	updateMetricAction
} from './metric-actions.server';
import {
	createSourceAction,
	pullSourceAction,
	removeSourceAction,
	updateSourceAction
} from './source-actions.server';
import { listSources } from '$lib/server/metrics/source.service';
import { openingPlanAction } from './opening-plan-actions.server';

const MAX_IMPORT_BYTES = 2_000_000;

export const load: PageServerLoad = async ({ locals, params, parent, url }) => {
	const { user } = await parent();
	requireRole(user.role, 'runbook.edit', 'edit the runbook');
	const board = await loaded(() => getBoardSnapshot(locals.app, signedIn(locals), params.slug));
	const sources = await loaded(() => listSources(locals.app, signedIn(locals), params.slug));
	return {
		cutover: board.cutover,
		phases: board.phases.map((p) => p.name),
		tasks: board.tasks,
		transfers: board.transfers,
		metrics: board.metrics,
		opening: board.opening,
		sources,
		editKey: url.searchParams.get('edit'),
		editTransferKey: url.searchParams.get('editTransfer'),
		editMetricKey: url.searchParams.get('editMetric'),
		removeMetricKey: url.searchParams.get('removeMetric'),
		editSourceKey: url.searchParams.get('editSource'),
		csvColumns: RUNBOOK_CSV_COLUMNS.join(', ')
	};
};

/** A runbook upload or paste: JSON when it looks like JSON, CSV otherwise. */
async function importText(data: FormData): Promise<{ text: string; json: boolean }> {
	const file = data.get('file');
	if (file instanceof File && file.size > 0) {
		if (file.size > MAX_IMPORT_BYTES) throw new PayloadTooLargeError({ reason: 'errors.importTooLarge' });
		const text = await file.text();
		return { text, json: file.name.toLowerCase().endsWith('.json') || /^\s*[[{]/.test(text) };
	}
	const text = field(data, 'text');
	if (!text.trim()) throw new ValidationError({ reason: 'errors.importNothing' });
	return { text, json: /^\s*[[{]/.test(text) };
}

function parseJson(text: string): unknown {
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		throw new ValidationError({ reason: 'errors.importNotJson' });
	}
	// A bare task list, or tasks without phases, gets its phases in order of first appearance.
	if (Array.isArray(body)) body = { tasks: body };
	if (
		body &&
		typeof body === 'object' &&
		!('phases' in body) &&
		Array.isArray((body as { tasks?: unknown }).tasks)
	) {
		const tasks = (body as { tasks: { phase?: unknown }[] }).tasks;
		const phases = [...new Set(tasks.map((t) => t?.phase).filter((p) => typeof p === 'string'))];
		body = { ...body, phases };
	}
	return body;
}

/** A JSON runbook, or a refusal that lists every problem (as the CSV's does), each naming where it is. */
function parseJsonRunbook(text: string): RunbookImportInput {
	const result = runbookImportInput.safeParse(parseJson(text));
	if (result.success) return result.data;
	const { message, details } = validationErrorFrom(result.error);
	const count = result.error.issues.length;
	throw new ValidationError(
		{ reason: 'errors.runbookInvalid', params: { count, problems: message } },
		details
	);
}

export const actions: Actions = {
	cutover: async ({ request, locals, params }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		const timezone = field(data, 'timezone');
		return formAction(
			async () => {
				const times = clockTimes(data, timezone);
				const input = parseForm(
					cutoverPatchInput,
					{
						name: field(data, 'name'),
						timezone,
						windowStart: times.read('windowStart'),
						windowEnd: times.read('windowEnd'),
						expectedVersion: Number(field(data, 'expectedVersion')) || undefined
					},
					times.issues
				);
				await updateCutover(locals.app, actor, params.slug, input);
				return { form: 'cutover', saved: true };
			},
			{ form: 'cutover', values: formValues(data) }
		);
	},

	import: async ({ request, locals, params }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		return formAction(
			async () => {
				const cutover = await getCutover(locals.app, actor, params.slug);
				const { text, json } = await importText(data);
				const input = json ? parseJsonRunbook(text) : parseRunbookCsv(text, cutover.timezone);
				const imported = await importRunbook(locals.app, actor, params.slug, input);
				return { form: 'import', imported };
			},
			{ form: 'import', values: formValues(data) }
		);
	},

	createTask: async ({ request, locals, params }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		return formAction(
			async () => {
				const cutover = await getCutover(locals.app, actor, params.slug);
				const form = new FormReader(data);
				const input = parseForm(
					taskCreateInput,
					{ key: form.text('key'), ...taskFields(form, cutover.timezone) },
					form.issues
				);
				const task = await createTask(locals.app, actor, params.slug, input);
				return { form: 'createTask', added: task.key };
			},
			{ form: 'createTask', values: formValues(data) }
		);
	},

	updateTask: async ({ request, locals, params }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		const key = field(data, 'key');
		return formAction(
			async () => {
				const cutover = await getCutover(locals.app, actor, params.slug);
				const form = new FormReader(data);
				const input = parseForm(
					taskPatchInput,
					{ ...taskFields(form, cutover.timezone), expectedVersion: expectedVersion(form) },
					form.issues
				);
				const task = await updateTask(
					locals.app,
					actor,
					params.slug,
					parsedField(data, 'key', taskKey),
					input
				);
				return { form: `task:${task.key}`, savedKey: task.key };
			},
			{ form: `task:${key}`, values: formValues(data) }
		);
	},

	createTransfer: async ({ request, locals, params }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		return formAction(
			async () => {
				const form = new FormReader(data);
				const input = parseForm(
					transferCreateInput,
					{ key: form.text('key'), ...transferFields(form) },
					form.issues
				);
				const transfer = await createTransfer(locals.app, actor, params.slug, input);
				return { form: 'createTransfer', addedTransfer: transfer.key };
			},
			{ form: 'createTransfer', values: formValues(data) }
		);
	},

	updateTransfer: async ({ request, locals, params }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		const key = field(data, 'key');
		return formAction(
			async () => {
				const form = new FormReader(data);
				const input = parseForm(
					transferPatchInput,
					{ ...transferFields(form), expectedVersion: expectedVersion(form) },
					form.issues
				);
				const transfer = await updateTransfer(
					locals.app,
					actor,
					params.slug,
					parsedField(data, 'key', transferKey),
					input
				);
				return { form: `transfer:${transfer.key}`, savedTransfer: transfer.key };
			},
			{ form: `transfer:${key}`, values: formValues(data) }
		);
	},

	createMetric: createMetricAction,
	updateMetric: updateMetricAction,
	moveMetric: moveMetricAction,
	removeMetric: removeMetricAction,
	createSource: createSourceAction,
	updateSource: updateSourceAction,
	pullSource: pullSourceAction,
	removeSource: removeSourceAction,
	openingPlan: openingPlanAction
};
