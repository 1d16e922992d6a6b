import type { RequestEvent } from '@sveltejs/kit';
import { getBoardSnapshot } from '$lib/server/board/board-snapshot';
import {
	field,
	formAction,
	formValues,
	loaded,
	parseForm,
	parsedField,
	signedIn
} from '$lib/server/http/form';
import { clockTimes } from '$lib/server/http/wall-time';
import {
	createService,
	liftServiceRestriction,
	removeService,
	restrictService,
	updateService
} from '$lib/server/incidents/catalogue.service';
import { entityKey } from '$lib/shared/schemas/common';
import {
	serviceCreateInput,
	serviceLiftInput,
	servicePatchInput,
	serviceRestrictInput
} from '$lib/shared/schemas/incidents';
import type { Actions, PageServerLoad } from './$types';

/**
 * The catalogue of services, kept by those who may (`service.manage`): add, rename and reorder, restrict with a
 * reason and an expected end, lift, and remove one no open incident affects. Every act goes through the service
 * the API uses; the page stays live through the socket like the board.
 */
export const load: PageServerLoad = async ({ locals, params, parent }) => {
	await parent();
	const actor = signedIn(locals);
	return loaded(async () => ({ snapshot: await getBoardSnapshot(locals.app, actor, params.slug) }));
};

type Event = RequestEvent<{ slug: string }>;
const blankToUndefined = (text: string) => (text.trim() === '' ? undefined : text);
const number = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** One act on one service of the catalogue; a failure names the form (`<act>:<key>`) it came from. */
function serviceAct(act: string, run: (event: Event, data: FormData, key: string) => Promise<unknown>) {
	return async (event: Event) => {
		signedIn(event.locals);
		const data = await event.request.formData();
		const form = `${act}:${field(data, 'key')}`;
		return formAction(
			async () => {
				await run(event, data, parsedField(data, 'key', entityKey));
				return { form, saved: form };
			},
			{ form, values: formValues(data) }
		);
	};
}

export const actions: Actions = {
	create: async ({ request, locals, params }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		return formAction(
			async () => {
				const input = parseForm(serviceCreateInput, {
					key: field(data, 'key'),
					name: field(data, 'name'),
					status: field(data, 'status') || undefined
				});
				const service = await createService(locals.app, actor, params.slug, input);
				return { form: 'create', saved: `create:${service.key}` };
			},
			{ form: 'create', values: formValues(data) }
		);
	},
	update: serviceAct('update', ({ locals, params }, data, key) =>
		updateService(
			locals.app,
			signedIn(locals),
			params.slug,
			key,
			parseForm(servicePatchInput, {
				name: blankToUndefined(field(data, 'name')),
				position: number(field(data, 'position')),
				expectedVersion: number(field(data, 'expectedVersion'))
			})
		)
	),
	restrict: serviceAct('restrict', ({ locals, params }, data, key) => {
		const times = clockTimes(data, field(data, 'zone'));
		return restrictService(
			locals.app,
			signedIn(locals),
			params.slug,
			key,
			parseForm(
				serviceRestrictInput,
				{
					reason: field(data, 'reason'),
					expectedEnd: times.read('expectedEnd'),
					expectedVersion: number(field(data, 'expectedVersion'))
				},
				times.issues
			)
		);
	}),
	lift: serviceAct('lift', ({ locals, params }, data, key) =>
		liftServiceRestriction(
			locals.app,
			signedIn(locals),
			params.slug,
			key,
			parseForm(serviceLiftInput, {
				note: blankToUndefined(field(data, 'note')),
				expectedVersion: number(field(data, 'expectedVersion'))
			})
		)
	),
	remove: serviceAct('remove', ({ locals, params }, _data, key) =>
		removeService(locals.app, signedIn(locals), params.slug, key)
	)
};
