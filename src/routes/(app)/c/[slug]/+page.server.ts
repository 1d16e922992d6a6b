import { fail, isActionFailure, redirect } from '@sveltejs/kit';
import { ConflictError } from '$lib/server/errors';
import {
	field,
	formAction,
	formValues,
	loaded,
	parsedField,
	signedIn,
	type FormFailure
} from '$lib/server/http/form';
import { reportProgress } from '$lib/server/transfers/transfer.service';
import { intlLocale, translator, type Locale } from '$lib/shared/i18n';
import {
	transferKey,
	transferProgressInput,
	type TransferProgressInput,
	type TransferView
} from '$lib/shared/schemas/transfers';
import { getBoardSnapshot } from '$lib/server/board/board-snapshot';
import { latestEvents } from '$lib/server/events/event.service';
import { toFeedEvent } from '$lib/shared/events';
import type { Actions, PageServerLoad } from './$types';
import { serviceStatusAction } from './incidents/incident-actions.server';
import { openingAction } from './opening-action.server';

/** The board's first paint; the socket keeps it live from this snapshot's seq on. */
export const load: PageServerLoad = async ({ locals, params, parent }) => {
	await parent(); // the (app) layout sends visitors who are not signed in to the login page
	const actor = signedIn(locals);
	const data = await loaded(async () => {
		// getBoardSnapshot resolves the slug and checks access (findCutover); the feed reads the same cutover.
		const snapshot = await getBoardSnapshot(locals.app, actor, params.slug);
		if (snapshot.programme !== null) return null;
		return {
			snapshot,
			activity: (await latestEvents(locals.app, snapshot.cutover.id, 30)).map(toFeedEvent),
			now: Date.now()
		};
	});
	// A programme has its own board.
	if (data === null) redirect(303, `/p/${params.slug}`);
	return data;
};

const numberOrUndefined = (text: string) => (text.trim() === '' ? undefined : Number(text));

/**
 * The service refuses progress that goes backwards with a 409 that tells scripts to "send reset: true". A person
 * at the board has a checkbox instead: say that, in their language. Other errors pass unchanged.
 */
function forHandEntry(err: unknown, input: TransferProgressInput, locale: Locale): unknown {
	if (!(err instanceof ConflictError) || input.reset) return err;
	const current = (err.details as { transfer?: TransferView } | undefined)?.transfer;
	if (!current) return err;
	const t = translator(locale);
	const reset = t('transfers.reportReset');
	if (input.done < current.done) {
		const numbers = new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 3 });
		const message = t('transfers.reportBackwards', {
			done: numbers.format(input.done),
			current: numbers.format(current.done),
			unit: current.unit,
			reset
		});
		return new ConflictError(message, err.details);
	}
	const last = current.lastProgressAt === null ? null : Date.parse(current.lastProgressAt);
	if (last !== null && input.at !== undefined && input.at < last)
		return new ConflictError(t('transfers.reportOlder', { reset }), err.details);
	return err;
}

export const actions: Actions = {
	/** The room's acts on the staged opening, from the opening panel. */
	opening: openingAction,
	/** A service's status set by hand, with the note why, from the board's service list. */
	serviceStatus: serviceStatusAction,
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
					// Stated rather than left to the service, so a refusal can tell an older report from a lower one.
					at: new Date().toISOString(),
					reset: data.get('reset') === 'on' ? true : undefined
				});
				try {
					await reportProgress(locals.app, actor, params.slug, parsedField(data, 'key', transferKey), input);
				} catch (err) {
					throw forHandEntry(err, input, locals.locale);
				}
				return { progressed: key };
			},
			{ form: `progress:${key}`, values: formValues(data) }
		);
		if (!isActionFailure(result)) return result;
		const failure = result.data as unknown as FormFailure;
		return fail(result.status, { ...failure, transferError: { key, message: failure.message } });
	}
};
