import { fail, isActionFailure } from '@sveltejs/kit';
import { field, formAction, formValues, loaded, signedIn, type FormFailure } from '$lib/server/http/form';
import { reportProgress } from '$lib/server/transfers/transfer.service';
import { transferProgressInput } from '$lib/shared/schemas/transfers';
import { getBoardSnapshot } from '$lib/server/runbook/cutover.service';
import { latestEvents } from '$lib/server/events/event.service';
import type { Actions, PageServerLoad } from './$types';

/** The board's first paint; the socket keeps it live from this snapshot's seq on. */
export const load: PageServerLoad = async ({ locals, params, parent }) => {
	await parent(); // the (app) layout sends visitors who are not signed in to the login page
	const actor = signedIn(locals);
	return loaded(async () => {
		// getBoardSnapshot resolves the slug and checks access (findCutover); the feed reads the same cutover.
		const snapshot = await getBoardSnapshot(locals.app, actor, params.slug);
		return { snapshot, activity: await latestEvents(locals.app, snapshot.cutover.id, 30), now: Date.now() };
	});
};

const numberOrUndefined = (text: string) => (text.trim() === '' ? undefined : Number(text));

export const actions: Actions = {
	/** Progress entered by hand on the board: the same service the scripts' API calls use. */
	progress: async ({ request, locals, params }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		const key = field(data, 'key');
		const result = await formAction(
			async () => {
				const input = transferProgressInput.parse({
					done: numberOrUndefined(field(data, 'done')),
					total: numberOrUndefined(field(data, 'total')),
					reset: data.get('reset') === 'on' ? true : undefined
				});
				await reportProgress(locals.app, actor, params.slug, key, input);
				return { progressed: key };
			},
			{ form: `progress:${key}`, values: formValues(data) }
		);
		if (!isActionFailure(result)) return result;
		const failure = result.data as unknown as FormFailure;
		return fail(result.status, { ...failure, transferError: { key, message: failure.message } });
	}
};
