import { redirect } from '@sveltejs/kit';
import { field, formAction, formValues, parseForm, parsedField, signedIn } from '$lib/server/http/form';
import { clockTimes } from '$lib/server/http/wall-time';
import { getProgramme } from '$lib/server/programmes/programme.service';
import { buildWave, reapplyTemplates } from '$lib/server/programmes/wave.service';
import { can } from '$lib/shared/roles';
import { slug as slugSchema } from '$lib/shared/schemas/common';
import { waveBuildInput } from '$lib/shared/schemas/programmes';
import { instantToWallTime, wallTimeToInstant } from '$lib/shared/time';
import type { Actions, PageServerLoad } from './$types';

/**
 * A programme's waves (each links to its board), and a form to build one from the systems not yet in a wave,
 * filtered by agency and environment (`?agency=&environment=`, a GET form, so it works without JavaScript).
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const actor = signedIn(locals);
	const read = await getProgramme(locals.app, actor, params.slug);
	const agency = url.searchParams.get('agency') ?? '';
	const environment = url.searchParams.get('environment') ?? '';
	const waiting = read.systems.filter((s) => s.wave === null);
	const zone = read.programme.timezone;
	// A suggestion to edit: tomorrow 18:00 until 02:00 the night after, in the programme's time zone.
	const tomorrow = instantToWallTime(Date.now() + 86_400_000, zone).slice(0, 10);
	const start = wallTimeToInstant(`${tomorrow}T18:00`, zone)!;
	return {
		programme: { slug: read.programme.slug, name: read.programme.name, timezone: zone },
		waves: read.waves,
		systemsByWave: Object.fromEntries(read.counts.byWave.map((w) => [w.wave ?? '', w.total.systems])),
		agencies: [...new Set(waiting.map((s) => s.agency))].sort(),
		filter: { agency, environment },
		waiting: waiting.filter(
			(s) => (!agency || s.agency === agency) && (!environment || s.environment === environment)
		),
		defaults: { windowStart: start, windowEnd: start + 8 * 3_600_000 },
		mayBuild: can(actor.role, 'programme.manage')
	};
};

export const actions: Actions = {
	build: async ({ request, locals, params }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		const programme = await getProgramme(locals.app, actor, params.slug);
		const result = await formAction(
			async () => {
				const times = clockTimes(data, programme.programme.timezone);
				const input = parseForm(
					waveBuildInput,
					{
						name: field(data, 'name'),
						slug: field(data, 'slug'),
						windowStart: times.read('windowStart'),
						windowEnd: times.read('windowEnd'),
						systems: data.getAll('system').map((key) => ({ key: String(key) }))
					},
					times.issues
				);
				return buildWave(locals.app, actor, params.slug, input);
			},
			{ values: formValues(data), form: 'build' }
		);
		if ('wave' in result)
			redirect(303, `/p/${params.slug}/waves?built=${encodeURIComponent(result.wave.slug)}`);
		return result;
	},
	reapply: async ({ request, locals, params }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		return formAction(
			async () => {
				const wave = parsedField(data, 'wave', slugSchema);
				await reapplyTemplates(locals.app, actor, params.slug, wave);
				return { reapplied: wave };
			},
			{ values: formValues(data), form: 'reapply' }
		);
	}
};
