/**
 * The runbook page's metric source forms: add, edit, pull now, remove. Thin: read the form, parse with the schema,
 * call the one service function.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { field, formAction, formValues, parseForm, parsedField, signedIn } from '$lib/server/http/form';
import { createSource, removeSource, updateSource } from '$lib/server/metrics/source.service';
import { pullSourceNow } from '$lib/server/metrics/source-pull';
import { sourceCreateInput, sourceKey, sourcePatchInput } from '$lib/shared/schemas/metric-sources';
import { FormReader, expectedVersion, sourceFields } from './form-fields';

type Event = RequestEvent<{ slug: string }>;

async function sourceAction<T>(
	{ request, locals }: Event,
	name: string | ((data: FormData) => string),
	run: (data: FormData) => Promise<T>
) {
	signedIn(locals);
	const data = await request.formData();
	const form = typeof name === 'string' ? name : name(data);
	return formAction(() => run(data), { form, values: formValues(data) });
}

export const createSourceAction = (event: Event) =>
	sourceAction(event, 'createSource', async (data) => {
		const form = new FormReader(data);
		const input = parseForm(sourceCreateInput, { key: form.text('key'), ...sourceFields(form) }, form.issues);
		const source = await createSource(event.locals.app, signedIn(event.locals), event.params.slug, input);
		return { form: 'createSource', addedSource: source.key };
	});

export const updateSourceAction = (event: Event) =>
	sourceAction(
		event,
		(data) => `source:${field(data, 'key')}`,
		async (data) => {
			const form = new FormReader(data);
			const input = parseForm(
				sourcePatchInput,
				{ ...sourceFields(form), expectedVersion: expectedVersion(form) },
				form.issues
			);
			const key = parsedField(data, 'key', sourceKey);
			const source = await updateSource(
				event.locals.app,
				signedIn(event.locals),
				event.params.slug,
				key,
				input
			);
			return { form: `source:${source.key}`, savedSource: source.key };
		}
	);

export const pullSourceAction = (event: Event) =>
	sourceAction(event, 'pullSource', async (data) => {
		const key = parsedField(data, 'key', sourceKey);
		const source = await pullSourceNow(event.locals.app, signedIn(event.locals), event.params.slug, key);
		return { form: 'pullSource', pulledSource: source.key, pulledState: source.state };
	});

export const removeSourceAction = (event: Event) =>
	sourceAction(event, 'removeSource', async (data) => {
		const key = parsedField(data, 'key', sourceKey);
		await removeSource(event.locals.app, signedIn(event.locals), event.params.slug, key);
		return { form: 'removeSource', removedSource: key };
	});
