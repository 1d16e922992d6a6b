/**
 * The runbook page's metric forms: add, edit, move up or down, remove. Thin: read the form, parse with the
 * schema, call the one service function.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actor } from '$lib/server/auth/actor';
import { field, formAction, formValues, parseForm, parsedField, signedIn } from '$lib/server/http/form';
import { createMetric, moveMetric, removeMetric, updateMetric } from '$lib/server/metrics/metric.service';
import { fieldIssue } from '$lib/shared/i18n/field-issues';
import { linesInOrder, metricCreateInput, metricKey, metricPatchInput } from '$lib/shared/schemas/metrics';
import { FormReader, expectedVersion, metricFields } from './form-fields';

type Event = RequestEvent<{ slug: string }>;

/** Runs one metric form's action; a refusal comes back as the failure of the form `name`, with what was typed. */
async function metricAction<T>(
	{ request, locals }: Event,
	name: (data: FormData) => string,
	run: (data: FormData, actor: Actor) => Promise<T>
) {
	const actor = signedIn(locals);
	const data = await request.formData();
	return formAction(() => run(data, actor), { form: name(data), values: formValues(data) });
}

const keyOf = (data: FormData) => parsedField(data, 'key', metricKey);

export const createMetricAction = (event: Event) =>
	metricAction(
		event,
		() => 'createMetric',
		async (data, actor) => {
			const form = new FormReader(data);
			const input = parseForm(
				metricCreateInput,
				{ key: form.text('key'), ...metricFields(form) },
				form.issues
			);
			const metric = await createMetric(event.locals.app, actor, event.params.slug, input);
			return { form: 'createMetric', addedMetric: metric.key };
		}
	);

export const updateMetricAction = (event: Event) =>
	metricAction(
		event,
		(data) => `metric:${field(data, 'key')}`,
		async (data, actor) => {
			const form = new FormReader(data);
			const fields = metricFields(form);
			// The whole definition is in the form, so the lines' order is said under the critical line, as adding does.
			const direction = fields.direction === 'below' ? 'below' : 'above';
			if (!linesInOrder(direction, fields.warning, fields.critical))
				form.issues.push(
					fieldIssue('critical', direction === 'above' ? 'criticalAboveWarning' : 'criticalBelowWarning')
				);
			const input = parseForm(
				metricPatchInput,
				{ ...fields, expectedVersion: expectedVersion(form) },
				form.issues
			);
			const metric = await updateMetric(event.locals.app, actor, event.params.slug, keyOf(data), input);
			return { form: `metric:${metric.key}`, savedMetric: metric.key };
		}
	);

export const moveMetricAction = (event: Event) =>
	metricAction(
		event,
		() => 'moveMetric',
		async (data, actor) => {
			const to = parsedField(data, 'to', z.enum(['up', 'down']));
			await moveMetric(event.locals.app, actor, event.params.slug, keyOf(data), to);
			return { form: 'moveMetric', movedMetric: keyOf(data) };
		}
	);

export const removeMetricAction = (event: Event) =>
	metricAction(
		event,
		() => 'removeMetric',
		async (data, actor) => {
			await removeMetric(event.locals.app, actor, event.params.slug, keyOf(data));
			return { form: 'removeMetric', removedMetric: keyOf(data) };
		}
	);
