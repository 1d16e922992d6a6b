import { createHash } from 'node:crypto';
import { TEST_PASSWORD, refusedAtSchema, rejection, sessionActor, testCutover } from '../testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenCreateInput, userCreateInput, userUpdateInput } from '../../shared/schemas/auth';
import type { App } from '../app';
import { testDatabases } from '../db/test-db';
import { apiTokens, sessions } from '../db/schema';
import { ConflictError, ForbiddenError, UnauthenticatedError, ValidationError, parse } from '../errors';
import { getCutover, listCutovers } from '../runbook/cutover-lookup';
import { systemActor } from './actor';
import {
	actorFromSession,
	actorFromToken,
	createToken,
	createUser,
	listTokens,
	listUsers,
	login,
	logout,
	needsSetup,
	revokeToken,
	setupFirstAdmin,
	updateUser
} from './auth.service';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe.each(testDatabases())('auth services on $kind', (database) => {
	let app: App;
	beforeAll(async () => {
		app = await database.open();
	});
	afterAll(() => database.close());

	const adminActor = () => sessionActor(app, 'root');

	it('sets up the first admin once, and only once', async () => {
		expect(await needsSetup(app)).toBe(true);
		const admin = await setupFirstAdmin(app, {
			username: 'root',
			displayName: 'Root Admin',
			team: null,
			password: TEST_PASSWORD
		});
		expect(admin).toMatchObject({ username: 'root', role: 'admin', disabled: false });
		expect(await needsSetup(app)).toBe(false);
		const again = await rejection(
			setupFirstAdmin(app, { username: 'intruder', displayName: 'X', team: null, password: TEST_PASSWORD })
		);
		expect(again).toBeInstanceOf(ConflictError);
		expect((await listUsers(app, await adminActor())).map((u) => u.username)).toEqual(['root']);
	});

	it('logs in with the right password only, with the same answer for an unknown user', async () => {
		const ok = await login(app, 'root', TEST_PASSWORD, 14);
		expect(ok.user.username).toBe('root');
		expect(ok.token.length).toBeGreaterThanOrEqual(40);
		expect(ok.expiresAt.getTime()).toBeGreaterThan(Date.now() + 13 * 86_400_000);
		const wrong = await rejection(login(app, 'root', 'wrong password!!', 14));
		const unknown = await rejection(login(app, 'nobody', TEST_PASSWORD, 14));
		expect(wrong).toBeInstanceOf(UnauthenticatedError);
		expect(unknown).toBeInstanceOf(UnauthenticatedError);
		expect(wrong.message).toBe(unknown.message);
	});

	it('resolves a session to its user, stores only its hash, and ends it on logout', async () => {
		const { token } = await login(app, 'root', TEST_PASSWORD, 14);
		const found = await actorFromSession(app, token, 14);
		expect(found?.actor).toMatchObject({ kind: 'user', username: 'root', role: 'admin', cutoverId: null });
		const rows = await app.db
			.select()
			.from(sessions)
			.where(eq(sessions.id, sha256(token)));
		expect(rows).toHaveLength(1);
		expect(await app.db.select().from(sessions).where(eq(sessions.id, token))).toHaveLength(0);
		expect(await actorFromSession(app, token + 'x', 14)).toBeNull();
		await logout(app, token);
		expect(await actorFromSession(app, token, 14)).toBeNull();
	});

	it('does not accept an expired session, and sweeps expired sessions away at the next sign-in', async () => {
		const { token } = await login(app, 'root', TEST_PASSWORD, 14);
		await app.db
			.update(sessions)
			.set({ expiresAt: new Date(Date.now() - 1000) })
			.where(eq(sessions.id, sha256(token)));
		expect(await actorFromSession(app, token, 14)).toBeNull();
		await login(app, 'root', TEST_PASSWORD, 14);
		expect(
			await app.db
				.select()
				.from(sessions)
				.where(eq(sessions.id, sha256(token)))
		).toHaveLength(0);
	});

	it('lets admins manage users, and no one else', async () => {
		const admin = await adminActor();
		const dana = await createUser(app, admin, {
			username: 'dana',
			displayName: 'Dana',
			role: 'task_owner',
			team: 'dba',
			password: TEST_PASSWORD
		});
		expect(dana).toMatchObject({ role: 'task_owner', team: 'dba' });
		expect(
			await rejection(
				createUser(app, admin, {
					username: 'dana',
					displayName: 'D2',
					role: 'viewer',
					team: null,
					password: TEST_PASSWORD
				})
			)
		).toBeInstanceOf(ConflictError);
		await createUser(app, admin, {
			username: 'olli',
			displayName: 'Olli',
			role: 'operator',
			team: null,
			password: TEST_PASSWORD
		});
		const olli = await sessionActor(app, 'olli');
		const refused = await rejection(
			createUser(app, olli, {
				username: 'x1',
				displayName: 'X',
				role: 'admin',
				team: null,
				password: TEST_PASSWORD
			})
		);
		expect(refused).toBeInstanceOf(ForbiddenError);
		expect(refused.status).toBe(403);
		expect(
			await rejection(updateUser(app, admin, admin.id!, userUpdateInput.parse({ role: 'viewer' })))
		).toBeInstanceOf(ConflictError);
	});

	it('refuses a disabled user and ends their sessions', async () => {
		const admin = await adminActor();
		const user = await createUser(app, admin, {
			username: 'temp',
			displayName: 'Temp',
			role: 'comms',
			team: null,
			password: TEST_PASSWORD
		});
		const { token } = await login(app, 'temp', TEST_PASSWORD, 14);
		expect(await actorFromSession(app, token, 14)).not.toBeNull();
		expect((await updateUser(app, admin, user.id, userUpdateInput.parse({ disabled: true }))).disabled).toBe(
			true
		);
		expect(await actorFromSession(app, token, 14)).toBeNull();
		expect(await rejection(login(app, 'temp', TEST_PASSWORD, 14))).toBeInstanceOf(UnauthenticatedError);
		await updateUser(app, admin, user.id, userUpdateInput.parse({ disabled: false }));
		expect((await login(app, 'temp', TEST_PASSWORD, 14)).user.username).toBe('temp');
	});

	it('stores API tokens hashed, carries their role, and revokes them', async () => {
		const admin = await adminActor();
		const { token, view } = await createToken(app, admin, {
			name: 'migration script',
			role: 'operator',
			cutoverSlug: null
		});
		expect(token).toMatch(/^glv_/);
		const [row] = await app.db.select().from(apiTokens).where(eq(apiTokens.id, view.id));
		expect(row.tokenHash).toBe(sha256(token));
		expect(JSON.stringify(row)).not.toContain(token);
		expect(await actorFromToken(app, token)).toMatchObject({
			kind: 'token',
			role: 'operator',
			cutoverId: null
		});
		expect(await actorFromToken(app, token.slice(0, -1))).toBeNull();
		expect((await listTokens(app, admin)).map((t) => t.name)).toContain('migration script');
		await revokeToken(app, admin, view.id);
		expect(await actorFromToken(app, token)).toBeNull();
	});

	it('limits a token scoped to one cutover to that cutover', async () => {
		const admin = await adminActor();
		const make = (slug: string) =>
			testCutover(
				app,
				{ slug, timezone: 'UTC', windowStart: '2030-01-01T00:00:00Z', windowEnd: '2030-01-02T00:00:00Z' },
				admin
			);
		const mine = await make('scoped-one');
		await make('scoped-two');
		const { token, view } = await createToken(app, admin, {
			name: 'one only',
			role: 'operator',
			cutoverSlug: 'scoped-one'
		});
		expect(view.cutoverSlug).toBe('scoped-one');
		const actor = (await actorFromToken(app, token))!;
		expect(actor.cutoverId).toBe(mine.id);
		expect((await listCutovers(app, actor)).map((c) => c.slug)).toEqual(['scoped-one']);
		expect((await getCutover(app, actor, 'scoped-one')).id).toBe(mine.id);
		expect(await rejection(getCutover(app, actor, 'scoped-two'))).toBeInstanceOf(ForbiddenError);
		const unknown = await rejection(
			createToken(app, admin, { name: 'x', role: 'viewer', cutoverSlug: 'nope' })
		);
		expect(unknown).toBeInstanceOf(ValidationError);
		expect(unknown.message).toContain('nope');
	});

	it('lets the system create tokens (the CLI) but not other roles', async () => {
		const system = await createToken(app, systemActor('cli'), {
			name: 'from cli',
			role: 'viewer',
			cutoverSlug: null
		});
		expect((await actorFromToken(app, system.token))?.role).toBe('viewer');
		const olli = await sessionActor(app, 'olli');
		expect(
			await rejection(createToken(app, olli, { name: 'x', role: 'admin', cutoverSlug: null }))
		).toBeInstanceOf(ForbiddenError);
	});

	it('refuses a NUL in a user’s or a token’s text at the schema, and changes nothing', async () => {
		const admin = await adminActor();
		const users = await listUsers(app, admin);
		const tokens = await listTokens(app, admin);
		const user = {
			username: 'nora',
			displayName: 'Nora',
			role: 'viewer',
			team: 'dba',
			password: TEST_PASSWORD
		};
		for (const field of ['displayName', 'team', 'password'])
			await refusedAtSchema(field, () =>
				createUser(app, admin, parse(userCreateInput, { ...user, [field]: 'x\u0000yyyyyyyyyy' }))
			);
		const root = users.find((u) => u.username === 'root')!;
		await refusedAtSchema('team', () =>
			updateUser(app, admin, root.id, parse(userUpdateInput, { team: 'db\na' }))
		);
		await refusedAtSchema('name', () =>
			createToken(app, admin, parse(tokenCreateInput, { name: 'script\u0000', role: 'viewer' }))
		);
		const slug = await rejection(
			(async () =>
				createToken(
					app,
					admin,
					parse(tokenCreateInput, { name: 'x', role: 'viewer', cutoverSlug: 'a\u0000b' })
				))()
		);
		expect([slug.status, slug.message]).toEqual([400, expect.stringMatching(/^cutoverSlug: may contain/)]);
		expect(await listUsers(app, admin)).toEqual(users);
		expect(await listTokens(app, admin)).toEqual(tokens);
	});
});
