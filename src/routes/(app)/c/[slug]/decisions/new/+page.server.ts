import { getForecast } from '$lib/server/forecast/forecast.service';
import { loaded, signedIn } from '$lib/server/http/form';
import { getCutover } from '$lib/server/runbook/cutover.service';
import type { PageServerLoad } from './$types';

/**
 * The entry point for proposing an extension of the window: the forecast it cites (`?evidence=forecast&seq=N`)
 * and the current one. Recording the proposal comes with the decisions capability.
 */
export const load: PageServerLoad = async ({ locals, params, parent, url }) => {
	await parent(); // the (app) layout sends visitors who are not signed in to the login page
	const actor = signedIn(locals);
	const seq = Number(url.searchParams.get('seq'));
	const citedSeq =
		url.searchParams.get('evidence') === 'forecast' && Number.isSafeInteger(seq) && seq >= 0 ? seq : null;
	return loaded(async () => {
		// getCutover checks access; its zone and window are what the forecast is shown in and against.
		const [cutover, { forecast, history }] = await Promise.all([
			getCutover(locals.app, actor, params.slug),
			getForecast(locals.app, actor, params.slug)
		]);
		return { cutover, forecast, history, citedSeq };
	});
};
