/**
 * The runbook page's metric source forms: add, pull now, remove. Thin: read the form, parse with the schema,
 * call the one service function.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { formAction, formValues, parseForm, parsedField, signedIn } from '$lib/server/http/form';
import { createSource, removeSource } from '$lib/server/metrics/source.service';
import { pullSourceNow } from '$lib/server/metrics/source-pull';
import { sourceCreateInput, sourceKey } from '$lib/shared/schemas/metric-sources';
import { FormReader, sourceFields } from './form-fields';

type Event = RequestEvent<{ slug: string }>;

async function sourceAction<T>(
	{ request, locals }: Event,
	name: string,
	run: (data: FormData) => Promise<T>
) {
	signedIn(locals);
	const data = await request.formData();
	return formAction(() => run(data), { form: name, values: formValues(data) });
}

export const createSourceAction = (event: Event) =>
	sourceAction(event, 'createSource', async (data) => {
		const form = new FormReader(data);
		const input = parseForm(sourceCreateInput, { key: form.text('key'), ...sourceFields(form) }, form.issues);
		const source = await createSource(event.locals.app, signedIn(event.locals), event.params.slug, input);
		return { form: 'createSource', addedSource: source.key };
	});

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
