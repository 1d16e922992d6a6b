/** Who a test acts as: actors made by hand, and users and API tokens made through the services. */
import type { Role, UserRole } from '../../shared/roles';
import type { UserView } from '../../shared/schemas/auth';
import type { App } from '../app';
import { systemActor, type Actor } from '../auth/actor';
import { actorFromSession, createToken, createUserAsSystem, login } from '../auth/auth.service';

/** The password of every user a test makes. */
export const TEST_PASSWORD = 'correct horse battery';

/** How long a test's sessions last, in days. */
const SESSION_DAYS = 14;

/** The system acting as an admin (as the CLI and the sample seed do): the factories make things as it. */
export const testAdmin = systemActor('test admin');

/** An actor with no user or token behind it: a signed-in user with `role`, unless `overrides` say otherwise. */
export const testActor = (role: Role, overrides: Partial<Actor> = {}): Actor => ({
	kind: 'user',
	id: null,
	name: `test ${role}`,
	role,
	username: null,
	team: null,
	cutoverId: null,
	...overrides
});

/** A user made by the system with the test password, shown by their username and in no team unless told. */
export const testUser = (
	app: App,
	username: string,
	role: UserRole,
	overrides: { displayName?: string; team?: string | null } = {}
): Promise<UserView> =>
	createUserAsSystem(app, {
		username,
		displayName: username,
		role,
		team: null,
		password: TEST_PASSWORD,
		...overrides
	});

/** Signs a user in and returns the new session's token. */
export const testSession = async (app: App, username: string, password = TEST_PASSWORD): Promise<string> =>
	(await login(app, username, password, SESSION_DAYS)).token;

/** A user's actor as a request resolves it from a new session: with the role and team the user has now. */
export async function sessionActor(app: App, username: string, password = TEST_PASSWORD): Promise<Actor> {
	const found = await actorFromSession(app, await testSession(app, username, password), SESSION_DAYS);
	if (!found) throw new Error(`the new session of ${username} did not resolve`);
	return found.actor;
}

/** An API token with `role`, made by the test admin: the secret and its view. */
export const testToken = (
	app: App,
	role: Role,
	{ name = `test ${role} token`, cutoverSlug = null }: { name?: string; cutoverSlug?: string | null } = {}
) => createToken(app, testAdmin, { name, role, cutoverSlug });
