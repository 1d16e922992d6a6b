import { listIncidents } from '$lib/server/incidents/incident.service';
import {
	field,
	formAction,
	formValues,
	loaded,
	parseForm,
	parsedField,
	signedIn
} from '$lib/server/http/form';
import { requestSignoffLink } from '$lib/server/programmes/signoff.service';
import { programmeWave } from '$lib/server/programmes/wave-signoffs.service';
import { can } from '$lib/shared/roles';
import { signoffLinkInput, systemKey } from '$lib/shared/schemas/programmes';
import type { Actions, PageServerLoad } from './$types';

/**
 * A wave's systems with their testers' sign-offs. A manager asks a tester for their word through a one-use link
 * (shown once, to pass on); a "problems" sign-off leads to the wave's incident form, prefilled from it.
 */
export const load: PageServerLoad = async ({ locals, params }) => {
	const actor = signedIn(locals);
	const read = await loaded(() => programmeWave(locals.app, actor, params.slug, params.wave));
	// The incidents opened from a sign-off, by its seq: the sign-off shows its incident.
	const incidents = await loaded(() => listIncidents(locals.app, actor, read.wave.slug));
	return {
		...read,
		incidentOf: Object.fromEntries(incidents.flatMap((i) => (i.signoff ? [[i.signoff.seq, i.ref]] : []))),
		mayManage: can(actor.role, 'programme.manage'),
		mayOpenIncident: can(actor.role, 'incident.manage')
	};
};

export const actions: Actions = {
	/** Asks one tester of a system for their word; the link is in the answer, this once. */
	link: async ({ request, locals, params, url }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		const form = `link:${field(data, 'system')}`;
		return formAction(
			async () => {
				const key = parsedField(data, 'system', systemKey);
				const hours = field(data, 'hours').trim();
				const input = parseForm(signoffLinkInput, {
					testerEmail: field(data, 'testerEmail'),
					expiresInSeconds: hours === '' ? undefined : Number(hours) * 3600
				});
				const created = await requestSignoffLink(locals.app, actor, params.slug, key, input);
				return {
					form,
					link: {
						url: new URL(created.path, url.origin).href,
						testerEmail: created.testerEmail,
						expiresAt: created.expiresAt
					}
				};
			},
			{ form, values: formValues(data) }
		);
	}
};
