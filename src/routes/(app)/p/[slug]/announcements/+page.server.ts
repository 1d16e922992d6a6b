import { field, formAction, formValues, loaded, parseForm, signedIn } from '$lib/server/http/form';
import { clockTimes } from '$lib/server/http/wall-time';
import {
	getProgrammeSettings,
	moveSystemWindow,
	setProgrammeSettings,
	waveAnnouncements
} from '$lib/server/programmes/announce.service';
import { getProgramme } from '$lib/server/programmes/programme.service';
import { can } from '$lib/shared/roles';
import { programmeSettingsInput, systemWindowInput } from '$lib/shared/schemas/programmes';
import type { Actions, PageServerLoad } from './$types';

/**
 * Telling people ahead: the programme's setting (days ahead), and one wave's systems (`?wave=`, by default the
 * first whose window has not ended) with their downtime, notice and what their contact was told, each with a form
 * to move its window. Works without JavaScript.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = signedIn(locals);
	return loaded(async () => {
		const read = await getProgramme(locals.app, actor, params.slug);
		const now = Date.now();
		const asked = url.searchParams.get('wave');
		const wave =
			read.waves.find((w) => w.slug === asked) ??
			read.waves.find((w) => Date.parse(w.windowEnd) > now) ??
			read.waves.at(-1) ??
			null;
		return {
			programme: { slug: read.programme.slug, name: read.programme.name },
			settings: await getProgrammeSettings(locals.app, actor, params.slug),
			waves: read.waves,
			wave,
			systems: wave ? await waveAnnouncements(locals.app, actor, params.slug, wave.slug) : [],
			mayManage: can(actor.role, 'programme.manage')
		};
	});
};

export const actions: Actions = {
	settings: async ({ request, locals, params }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		return formAction(
			async () => ({
				settings: await setProgrammeSettings(
					locals.app,
					actor,
					params.slug,
					parseForm(programmeSettingsInput, { announceDaysAhead: Number(field(data, 'announceDaysAhead')) })
				)
			}),
			{ values: formValues(data), form: 'settings' }
		);
	},
	move: async ({ request, locals, params }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		const key = field(data, 'key');
		return formAction(
			async () => {
				// The times are read on the clocks of the system's wave, as the form shows them.
				const read = await getProgramme(locals.app, actor, params.slug);
				const waveSlug = read.systems.find((s) => s.key === key)?.wave;
				const zone = read.waves.find((w) => w.slug === waveSlug)?.timezone ?? read.programme.timezone;
				const times = clockTimes(data, zone);
				const input = parseForm(
					systemWindowInput,
					{
						windowStart: times.read('windowStart'),
						windowEnd: times.read('windowEnd'),
						expectedVersion: Number(field(data, 'expectedVersion')) || undefined
					},
					times.issues
				);
				return { moved: (await moveSystemWindow(locals.app, actor, params.slug, key, input)).key };
			},
			{ values: formValues(data), form: `move:${key}` }
		);
	}
};
