import { error } from '@sveltejs/kit';
import { can } from '$lib/shared/roles';
import type { LayoutServerLoad } from './$types';

/** Administration is for admins only; the services check again on every action. */
export const load: LayoutServerLoad = async ({ parent }) => {
	const { user } = await parent();
	if (!can(user.role, 'users.manage'))
		error(403, `your role (${user.role}) may not administer users and tokens`);
	return {};
};
