/**
 * Password guessing and token guessing are slowed down, with counters in the database (so every instance and
 * every restart sees the same), and the audit log says what happened. Runs on PGlite and PostgreSQL.
 */
import { like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditQuery } from '../../shared/schemas/audit';
import { listAudit } from '../audit/audit.service';
import type { App } from '../app';
import { rateLimits } from '../db/schema';
import { testDatabases } from '../db/test-db';
import { RateLimitedError, UnauthenticatedError } from '../errors';
import {
	ManualClock,
	TEST_PASSWORD,
	rejection,
	testActor,
	testAdmin as admin,
	testToken,
	testUser
} from '../testing';
import { actorFromToken, lockedUsernames, login, unlockUser } from './auth.service';
import { THROTTLE_RULES, Throttle } from './throttle';

describe.each(testDatabases())('sign-in and token limits on $kind', (database) => {
	let app: App;
	let doraId: string;
	beforeAll(async () => {
		app = await database.open();
		for (const username of ['anna', 'bert', 'carl', 'dora']) await testUser(app, username, 'operator');
		doraId = (await login(app, 'dora', TEST_PASSWORD, 14, '10.0.0.1')).user.id;
	});
	afterAll(() => database.close());

	const wrongTimes = async (n: number, username: string, address: string) => {
		for (let i = 0; i < n; i++)
			expect(await rejection(login(app, username, 'wrong password!', 14, address))).toBeInstanceOf(
				UnauthenticatedError
			);
	};

	it('locks an account from an address after a few wrong passwords; even the right one then waits', async () => {
		const { limit } = THROTTLE_RULES.signInPair;
		await wrongTimes(limit, 'anna', '10.0.0.2');
		const locked = await rejection(login(app, 'anna', TEST_PASSWORD, 14, '10.0.0.2'));
		expect(locked).toBeInstanceOf(RateLimitedError);
		expect(locked.status).toBe(429);
		expect((locked as RateLimitedError).retryAfterSeconds).toBeGreaterThan(60);
		// From another address the owner still gets in (the lock is on the pair, not on them).
		expect((await login(app, 'anna', TEST_PASSWORD, 14, '10.0.0.3')).user.username).toBe('anna');
		expect(await lockedUsernames(app, admin)).toContain('anna');
	});

	it('answers an unknown username exactly as a known one, so the lock tells an attacker nothing', async () => {
		const { limit } = THROTTLE_RULES.signInPair;
		await wrongTimes(limit, 'nobody-here', '10.0.0.4');
		const unknown = await rejection(login(app, 'nobody-here', TEST_PASSWORD, 14, '10.0.0.4'));
		await wrongTimes(limit, 'bert', '10.0.0.4');
		const known = await rejection(login(app, 'bert', TEST_PASSWORD, 14, '10.0.0.4'));
		expect(unknown).toBeInstanceOf(RateLimitedError);
		expect(known).toBeInstanceOf(RateLimitedError);
		expect(known.message).toBe(unknown.message);
		expect(known.reason).toBe(unknown.reason);
	});

	it('a success resets the count of one address: mistyping now and then never locks anyone', async () => {
		const { limit } = THROTTLE_RULES.signInPair;
		for (let round = 0; round < 3; round++) {
			await wrongTimes(limit - 1, 'carl', '10.0.0.5');
			expect((await login(app, 'carl', TEST_PASSWORD, 14, '10.0.0.5')).user.username).toBe('carl');
		}
	});

	it('locks an account guessed at from many addresses, until an admin unlocks it', async () => {
		const { limit } = THROTTLE_RULES.signInAccount;
		await wrongTimes(THROTTLE_RULES.signInPair.limit, 'dora', '10.1.1.1');
		for (let i = THROTTLE_RULES.signInPair.limit; i < limit; i++) await wrongTimes(1, 'dora', `10.1.0.${i}`);
		expect(await rejection(login(app, 'dora', TEST_PASSWORD, 14, '10.2.0.1'))).toBeInstanceOf(
			RateLimitedError
		);
		expect(await lockedUsernames(app, admin)).toContain('dora');
		await unlockUser(app, admin, doraId);
		expect((await login(app, 'dora', TEST_PASSWORD, 14, '10.2.0.1')).user.username).toBe('dora');
		// The lock of the address it was first guessed from is lifted as well.
		expect((await login(app, 'dora', TEST_PASSWORD, 14, '10.1.1.1')).user.username).toBe('dora');
		expect(await lockedUsernames(app, admin)).not.toContain('dora');
	});

	it('writes failed sign-ins and lockouts to the audit log, which only admins read', async () => {
		const failed = await listAudit(app, admin, { kind: 'signin.failed', limit: 500 });
		expect(failed.some((e) => e.subject === 'anna' && e.address === '10.0.0.2')).toBe(true);
		expect(failed.find((e) => e.subject === 'nobody-here')?.detail).toMatchObject({ why: 'unknown_user' });
		const locks = await listAudit(app, admin, { kind: 'signin.locked', limit: 500 });
		expect(locks.map((e) => [e.subject, e.detail.scope])).toEqual(
			expect.arrayContaining([
				['anna', 'signInPair'],
				['dora', 'signInAccount']
			])
		);
		expect((await listAudit(app, admin, { kind: 'user.unlocked', limit: 10 }))[0].subject).toBe('dora');
		const operator = testActor('operator', { username: 'anna' });
		expect((await rejection(listAudit(app, operator, { limit: 10 }))).status).toBe(403);
	});

	it('pages the audit log with ?before=, and refuses a before the database cannot read as a 400', async () => {
		const [newest, next] = await listAudit(app, admin, auditQuery.parse({ limit: 2 }));
		const older = await listAudit(app, admin, auditQuery.parse({ before: newest.at, limit: 1 }));
		expect(older[0].at <= newest.at && older[0].id !== newest.id).toBe(true);
		expect(next.at <= newest.at).toBe(true);
		// The year 0 reached PostgreSQL and came back as a 500; now the query names the field.
		for (const before of ['0000-01-01T00:00:00Z', '9999-12-31T23:59:59-23:59']) {
			const refused = auditQuery.safeParse({ before });
			expect(refused.success, before).toBe(false);
			expect(refused.error?.issues[0].path, before).toEqual(['before']);
		}
	});

	it('refuses unknown tokens from an address after a burst, while good tokens keep working from there', async () => {
		const { token } = await testToken(app, 'operator', { name: 'script' });
		const { limit } = THROTTLE_RULES.tokenAddress;
		for (let i = 0; i < limit; i++) expect(await actorFromToken(app, `glv_guess${i}`, '10.9.9.9')).toBeNull();
		const refused = await rejection(actorFromToken(app, 'glv_guess-more', '10.9.9.9'));
		expect(refused).toBeInstanceOf(RateLimitedError);
		expect((await actorFromToken(app, token, '10.9.9.9'))?.kind).toBe('token');
		expect(await actorFromToken(app, 'glv_other', '10.9.9.10')).toBeNull();
		expect((await listAudit(app, admin, { kind: 'token.locked', limit: 10 }))[0].address).toBe('10.9.9.9');
	});

	it('deletes counters that expired over an hour ago, on its own clock, and stops when closed', async () => {
		const clock = new ManualClock(Date.now());
		const throttle = new Throttle(app.db, clock);
		const old = new Date(clock.now() - 2 * 60 * 60_000);
		const recent = new Date(clock.now() - 10 * 60_000);
		await app.db.insert(rateLimits).values([
			{ key: 'test:old', points: 3, expire: old },
			{ key: 'test:recent', points: 3, expire: recent }
		]);
		expect(clock.pending).toBe(1); // the cleanup's interval
		await throttle.clearExpired();
		const kept = await app.db.select().from(rateLimits).where(like(rateLimits.key, 'test:%'));
		expect(kept.map((r) => r.key)).toEqual(['test:recent']);
		throttle.close();
		expect(clock.pending).toBe(0);
	});
});
