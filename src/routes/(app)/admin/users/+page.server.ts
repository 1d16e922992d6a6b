import { parse } from '$lib/server/errors';
import {
	createUser,
	listUsers,
	lockedUsernames,
	unlockUser,
	updateUser
} from '$lib/server/auth/auth.service';
import { field, formAction, formValues, loaded, parsedField, signedIn } from '$lib/server/http/form';
import { userCreateInput, userUpdateInput } from '$lib/shared/schemas/auth';
import { recordId } from '$lib/shared/schemas/common';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const actor = signedIn(locals);
	return loaded(async () => ({
		users: await listUsers(locals.app, actor),
		locked: await lockedUsernames(locals.app, actor)
	}));
};

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		return formAction(
			async () => {
				const input = parse(userCreateInput, {
					username: field(data, 'username'),
					displayName: field(data, 'displayName'),
					role: field(data, 'role'),
					team: field(data, 'team'),
					password: field(data, 'password')
				});
				const user = await createUser(locals.app, actor, input);
				return { form: 'create', created: user.displayName };
			},
			{ form: 'create', values: formValues(data) }
		);
	},

	update: async ({ request, locals }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		const id = field(data, 'id');
		return formAction(
			async () => {
				const input = parse(userUpdateInput, {
					displayName: field(data, 'displayName'),
					role: field(data, 'role'),
					team: field(data, 'team')
				});
				const user = await updateUser(locals.app, actor, parsedField(data, 'id', recordId), input);
				return { form: `user:${id}`, saved: user.displayName };
			},
			{ form: `user:${id}`, values: formValues(data) }
		);
	},

	disable: async ({ request, locals }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		const id = field(data, 'id');
		return formAction(
			async () => {
				const input = parse(userUpdateInput, { disabled: field(data, 'disabled') === 'true' });
				const user = await updateUser(locals.app, actor, parsedField(data, 'id', recordId), input);
				return { form: `toggle:${id}`, toggled: user.displayName, nowDisabled: user.disabled };
			},
			{ form: `toggle:${id}` }
		);
	},

	unlock: async ({ request, locals }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		const id = field(data, 'id');
		return formAction(
			async () => {
				await unlockUser(locals.app, actor, parsedField(data, 'id', recordId));
				return { form: `unlock:${id}`, unlocked: true };
			},
			{ form: `unlock:${id}` }
		);
	},

	password: async ({ request, locals }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		const id = field(data, 'id');
		return formAction(
			async () => {
				const input = parse(userUpdateInput, { password: field(data, 'password') });
				const user = await updateUser(locals.app, actor, parsedField(data, 'id', recordId), input);
				return { form: `password:${id}`, passwordReset: user.displayName };
			},
			{ form: `password:${id}` }
		);
	}
};
