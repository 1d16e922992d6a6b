import { parse } from '$lib/server/errors';
import { createToken, listTokens, revokeToken } from '$lib/server/auth/auth.service';
import { field, formAction, formValues, loaded, parsedField, signedIn } from '$lib/server/http/form';
import { listCutovers } from '$lib/server/runbook/cutover-lookup';
import { tokenCreateInput } from '$lib/shared/schemas/auth';
import { recordId } from '$lib/shared/schemas/common';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = signedIn(locals);
	return loaded(async () => ({
		tokens: await listTokens(locals.app, actor),
		cutovers: (await listCutovers(locals.app, actor)).map((c) => ({ slug: c.slug, name: c.name })),
		origin: url.origin
	}));
};

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		return formAction(
			async () => {
				const input = parse(tokenCreateInput, {
					name: field(data, 'name'),
					role: field(data, 'role'),
					cutoverSlug: field(data, 'cutoverSlug')
				});
				const { token, view } = await createToken(locals.app, actor, input);
				// The secret goes back in this one response only; it is never stored or shown again.
				return {
					form: 'create',
					token,
					tokenName: view.name,
					role: view.role,
					cutoverSlug: view.cutoverSlug
				};
			},
			{ form: 'create', values: formValues(data) }
		);
	},

	revoke: async ({ request, locals }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		const id = field(data, 'id');
		return formAction(
			async () => {
				await revokeToken(locals.app, actor, parsedField(data, 'id', recordId));
				return { form: `revoke:${id}`, revoked: true };
			},
			{ form: `revoke:${id}` }
		);
	}
};
