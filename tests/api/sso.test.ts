/**
 * Single sign-on against a real OpenID Connect provider (oidc-provider) running in this test on a real port, with
 * golive's production build on PostgreSQL: the code flow with PKCE, state and nonce; ID tokens with a wrong
 * audience or already expired refused; groups mapped to roles and teams, a role changed at the provider taking
 * effect at the next sign-in; a disabled user kept out; a local account never taken over; signing out at the
 * provider too. Only the browser is played by fetch, following each redirect by hand.
 */
import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, decodeJwt } from 'jose';
import Provider, { type Configuration } from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, postgresReachable } from '../../src/lib/server/db/test-db';
import { TestServer, freePort } from './harness';

const CLIENT_ID = 'golive-test';
const CLIENT_SECRET = 'a-client-secret-of-some-length-0123456789';
const ADMIN = { username: 'root', password: 'correct horse battery' };

/** The people the provider knows, with the claims it gives (groups are changed by a test). */
const accounts: Record<string, Record<string, unknown>> = {
	'sub-anna': { preferred_username: 'anna', name: 'Anna Virtanen', groups: ['cutover-ops', 'dba-staff'] },
	'sub-nils': { preferred_username: 'nils', name: 'Nils Nobody', groups: ['canteen'] },
	'sub-mallory': { preferred_username: 'root', name: 'Not Root', groups: ['cutover-ops'] }
};

/** How the provider's token answer is altered, to play a provider that issues a bad ID token. */
let tamper: 'none' | 'audience' | 'expired' = 'none';

/** A cookie jar per site: what fetch does not keep by itself. */
class Jar {
	#cookies = new Map<string, string>();
	take(res: Response): void {
		for (const c of res.headers.getSetCookie()) {
			const [pair, ...attrs] = c.split(';');
			const eq = pair.indexOf('=');
			const name = pair.slice(0, eq).trim();
			const expired = attrs.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()));
			if (expired) this.#cookies.delete(name);
			else this.#cookies.set(name, pair.slice(eq + 1));
		}
	}
	get(name: string): string | undefined {
		return this.#cookies.get(name);
	}
	set(name: string, value: string): void {
		this.#cookies.set(name, value);
	}
	header(): string {
		return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	}
}

let server: TestServer;
let provider: Provider;
let providerServer: Server;
let issuer: string;
let adminToken: string;
let database: Awaited<ReturnType<typeof createPostgresDatabase>> | null = null;

async function go(jar: Jar, url: string, init: RequestInit = {}): Promise<Response> {
	const res = await fetch(url, {
		redirect: 'manual',
		...init,
		headers: { ...(init.headers as Record<string, string>), cookie: jar.header() }
	});
	jar.take(res);
	return res;
}

const locationOf = (res: Response, base: string) => new URL(res.headers.get('location')!, base).href;

/**
 * Signs in at golive through the provider as `account`; `alter` may change the callback URL or golive's cookie
 * on the way back. Returns golive's last answer and its cookies.
 */
async function ssoSignIn(
	account: string,
	alter: { callback?: (url: URL) => void; pending?: (pending: Record<string, string>) => void } = {}
) {
	const golive = new Jar();
	const idp = new Jar();
	let res = await go(golive, `${server.base}/login/sso?next=%2Fc%2Fsomewhere`);
	expect(res.status).toBe(303);
	let url = locationOf(res, server.base);
	expect(url.startsWith(`${issuer}/auth?`)).toBe(true);
	const request = new URL(url).searchParams;
	expect(request.get('code_challenge_method')).toBe('S256');
	expect(request.get('state')).toBeTruthy();
	expect(request.get('nonce')).toBeTruthy();
	res = await go(idp, url);
	url = locationOf(res, issuer);
	res = await go(idp, url);
	const form = (await res.text()).match(/action="([^"]+)"/)![1];
	res = await go(idp, new URL(form, issuer).href, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ prompt: 'login', login: account, password: 'anything' })
	});
	// Back through the provider's authorization endpoint, which now redirects to golive with the code.
	for (let hops = 0; hops < 5; hops++) {
		url = locationOf(res, issuer);
		if (url.startsWith(server.base)) break;
		res = await go(idp, url);
	}
	const callback = new URL(url);
	expect(callback.pathname).toBe('/login/sso/callback');
	alter.callback?.(callback);
	if (alter.pending) {
		const pending = JSON.parse(decodeURIComponent(golive.get('golive_sso')!));
		alter.pending(pending);
		golive.set('golive_sso', encodeURIComponent(JSON.stringify(pending)));
	}
	res = await go(golive, callback.href);
	return { res, location: res.headers.get('location'), session: golive.get('golive_session'), jar: golive };
}

const asSession = (session: string) => `golive_session=${session}`;

/** Whether this session may create a cutover (operators may, viewers may not). */
async function mayCreateCutover(session: string, slug: string): Promise<number> {
	const res = await server.call('POST', '/api/v1/cutovers', asSession(session), {
		slug,
		name: slug,
		timezone: 'UTC',
		windowStart: '2030-01-01T00:00:00Z',
		windowEnd: '2030-01-02T00:00:00Z'
	});
	return res.status;
}

async function audit(kind: string) {
	const res = await server.call('GET', `/api/v1/audit?kind=${kind}&limit=50`, adminToken);
	expect(res.status).toBe(200);
	return res.body.items as { subject: string | null; detail: Record<string, unknown> }[];
}

describe.runIf(postgresReachable())('single sign-on with OpenID Connect', () => {
	beforeAll(async () => {
		const [providerPort, golivePort] = [await freePort(), await freePort()];
		issuer = `http://127.0.0.1:${providerPort}`;
		const base = `http://127.0.0.1:${golivePort}`;
		const { privateKey } = await generateKeyPair('RS256', { extractable: true });
		const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
		const configuration: Configuration = {
			clients: [
				{
					client_id: CLIENT_ID,
					client_secret: CLIENT_SECRET,
					redirect_uris: [`${base}/login/sso/callback`],
					post_logout_redirect_uris: [`${base}/login`]
				}
			],
			pkce: { required: () => true },
			jwks: { keys: [jwk] },
			claims: {
				openid: ['sub'],
				profile: ['name', 'preferred_username'],
				groups: ['groups']
			},
			scopes: ['openid', 'profile', 'groups'],
			conformIdTokenClaims: false,
			ttl: {
				AccessToken: 600,
				AuthorizationCode: 60,
				Grant: 3600,
				IdToken: 600,
				Interaction: 600,
				Session: 3600
			},
			features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
			findAccount: async (_ctx, id) =>
				accounts[id] ? { accountId: id, claims: async () => ({ sub: id, ...accounts[id] }) } : undefined,
			// Consent is the provider's business: every grant is given, so the flow goes straight back to golive.
			loadExistingGrant: async (ctx) => {
				const grant = new ctx.oidc.provider.Grant({
					clientId: ctx.oidc.client!.clientId,
					accountId: ctx.oidc.session!.accountId!
				});
				grant.addOIDCScope('openid profile groups');
				await grant.save();
				return grant;
			}
		};
		provider = new Provider(issuer, configuration);
		// A provider that issues a bad ID token: re-signed with its own key, with the audience or expiry altered.
		provider.use(async (ctx, next) => {
			await next();
			const body = ctx.body as { id_token?: string } | undefined;
			if (ctx.path !== '/token' || tamper === 'none' || !body?.id_token) return;
			const claims = decodeJwt(body.id_token);
			const now = Math.floor(Date.now() / 1000);
			const altered =
				tamper === 'audience'
					? { ...claims, aud: 'another-app' }
					: { ...claims, iat: now - 7200, exp: now - 3600 };
			body.id_token = await new SignJWT(altered)
				.setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
				.sign(privateKey);
		});
		providerServer = createServer(provider.callback());
		await new Promise<void>((resolve) => providerServer.listen(providerPort, '127.0.0.1', resolve));

		database = await createPostgresDatabase();
		server = new TestServer('golive-sso-');
		Object.assign(server.env, {
			DATABASE_URL: database.url,
			OIDC_ISSUER: issuer,
			OIDC_CLIENT_ID: CLIENT_ID,
			OIDC_CLIENT_SECRET: CLIENT_SECRET,
			OIDC_SCOPES: 'openid profile groups',
			OIDC_LABEL: 'Test ID',
			OIDC_ROLE_MAP: 'cutover-ops=operator;steering-board=steering;golive-admins=admin',
			OIDC_TEAM_MAP: 'dba-staff=dba;network=net'
		});
		await server.addUser({ ...ADMIN, name: 'Root' }, 'admin');
		adminToken = await server.tokenFor('audit reader', 'admin');
		await server.start(golivePort);
	}, 240_000);

	afterAll(async () => {
		await server?.stop();
		await new Promise((r) => providerServer?.close(r));
		await database?.drop();
	});

	it('offers the provider on the sign-in page', async () => {
		const page = await fetch(`${server.base}/login`);
		expect(await page.text()).toContain('Test ID');
	});

	it('creates a person at the first sign-in with the role and team their groups map to', async () => {
		const { location, session } = await ssoSignIn('sub-anna');
		expect(location).toBe('/c/somewhere');
		expect(session).toBeTruthy();
		expect(await mayCreateCutover(session!, 'sso-anna-one')).toBe(201);
		const created = (await audit('user.created')).find((e) => e.subject === 'anna');
		expect(created?.detail).toMatchObject({ via: 'sso', role: 'operator', team: 'dba' });
		expect(
			(await audit('signin.succeeded')).some((e) => e.subject === 'anna' && e.detail.via === 'sso')
		).toBe(true);
	});

	it('takes a role changed at the provider at the next sign-in, for every session of that person', async () => {
		const first = await ssoSignIn('sub-anna');
		accounts['sub-anna'].groups = ['dba-staff'];
		const refused = await ssoSignIn('sub-anna');
		// No group maps to a role any more, and there is no default: kept out, told why.
		expect(refused.location).toBe('/login?sso=errors.ssoNoRole');
		expect(refused.session).toBeUndefined();
		accounts['sub-anna'].groups = ['steering-board', 'network'];
		const second = await ssoSignIn('sub-anna');
		expect(second.session).toBeTruthy();
		expect(await mayCreateCutover(second.session!, 'sso-anna-two')).toBe(403);
		// The session of the first sign-in acts with the new role too.
		expect(await mayCreateCutover(first.session!, 'sso-anna-three')).toBe(403);
		const changed = (await audit('user.updated')).find((e) => e.subject === 'anna');
		expect(changed?.detail).toMatchObject({
			role: { from: 'operator', to: 'steering' },
			team: { from: 'dba', to: 'net' }
		});
		accounts['sub-anna'].groups = ['cutover-ops', 'dba-staff'];
	});

	it('refuses someone none of whose groups maps to a role', async () => {
		const { location, session } = await ssoSignIn('sub-nils');
		expect(location).toBe('/login?sso=errors.ssoNoRole');
		expect(session).toBeUndefined();
		const page = await (await fetch(`${server.base}${location}`)).text();
		expect(page).toContain('none of your groups gives you a role');
	});

	it('never hands a local account to someone who names themselves after it', async () => {
		const { location, session } = await ssoSignIn('sub-mallory');
		expect(location).toBe('/login?sso=errors.ssoUsernameTaken&username=root');
		expect(session).toBeUndefined();
	});

	it('refuses a forged state, a swapped PKCE verifier and a swapped nonce', async () => {
		const forged = await ssoSignIn('sub-anna', { callback: (u) => u.searchParams.set('state', 'forged') });
		const verifier = await ssoSignIn('sub-anna', { pending: (p) => (p.verifier = 'x'.repeat(64)) });
		const nonce = await ssoSignIn('sub-anna', { pending: (p) => (p.nonce = 'another-nonce') });
		for (const attempt of [forged, verifier, nonce]) {
			expect(attempt.location).toBe('/login?sso=errors.ssoFailed');
			expect(attempt.session).toBeUndefined();
		}
		const whys = (await audit('signin.failed')).map((e) => String(e.detail.error));
		expect(whys.some((w) => /state/i.test(w))).toBe(true);
		expect(whys.some((w) => /nonce/i.test(w))).toBe(true);
		expect(whys.some((w) => /invalid_grant|verifier/i.test(w))).toBe(true);
	});

	it('refuses an ID token meant for another client, or one that has expired', async () => {
		try {
			tamper = 'audience';
			const audience = await ssoSignIn('sub-anna');
			tamper = 'expired';
			const expired = await ssoSignIn('sub-anna');
			for (const attempt of [audience, expired]) {
				expect(attempt.location).toBe('/login?sso=errors.ssoFailed');
				expect(attempt.session).toBeUndefined();
			}
		} finally {
			tamper = 'none';
		}
		const whys = (await audit('signin.failed')).map((e) => String(e.detail.error));
		expect(whys.some((w) => /aud/i.test(w))).toBe(true);
		expect(whys.some((w) => /exp/i.test(w))).toBe(true);
		// And the same flow goes through again once the provider behaves.
		expect((await ssoSignIn('sub-anna')).session).toBeTruthy();
	});

	it('keeps a person disabled in golive out, and ends the sessions they had at once', async () => {
		const { session } = await ssoSignIn('sub-anna');
		expect((await server.call('GET', '/api/v1/cutovers', asSession(session!))).status).toBe(200);
		const disabled = await server.cli(['user', 'disable', 'anna']);
		expect(disabled.code).toBe(0);
		expect((await server.call('GET', '/api/v1/cutovers', asSession(session!))).status).toBe(401);
		const again = await ssoSignIn('sub-anna');
		expect(again.location).toBe('/login?sso=errors.ssoDisabled');
		expect(again.session).toBeUndefined();
		expect((await server.cli(['user', 'enable', 'anna'])).code).toBe(0);
	});

	it('signs out at the provider too', async () => {
		const { session, jar } = await ssoSignIn('sub-anna');
		const res = await fetch(`${server.base}/logout`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				cookie: jar.header(),
				origin: server.base,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: ''
		});
		expect(res.status).toBe(303);
		const to = new URL(res.headers.get('location')!);
		expect(to.origin).toBe(issuer);
		expect(to.searchParams.get('post_logout_redirect_uri')).toBe(`${server.base}/login`);
		expect(to.searchParams.get('id_token_hint')).toBeTruthy();
		expect((await server.call('GET', '/api/v1/cutovers', asSession(session!))).status).toBe(401);
	});
});
