import { requireRole } from '$lib/server/http/form';
import type { LayoutServerLoad } from './$types';

/** Administration is for admins only; the services check again on every action. */
export const load: LayoutServerLoad = async ({ parent }) => {
	const { user } = await parent();
	requireRole(user.role, 'users.manage', 'administer users and tokens');
	return {};
};
