/**
 * Subscribing over real HTTP (the production build, see harness.ts), behind a proxy that names the client in
 * X-Forwarded-For: a flood from one address gets 429 with Retry-After and the API's error shape, and the page's
 * form action refuses it too, while another address is still served; a message's manage link answers by its token only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THROTTLE_RULES } from '../../src/lib/server/auth/throttle';
import { TestServer } from './harness';

const golive = new TestServer('golive-subscriptions-');
let addresses = 0;

const subscribe = (client: string) =>
	golive.raw('POST', '/api/v1/subscriptions', {
		headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
		body: JSON.stringify({ channel: 'email', email: `flood${++addresses}@example.org`, language: 'en' })
	});

beforeAll(async () => {
	golive.env.ADDRESS_HEADER = 'X-Forwarded-For';
	golive.env.XFF_DEPTH = '1';
	// Past the first run's setup page, which every page leads to until an admin exists.
	await golive.addUser({ username: 'root', password: 'correct horse battery' }, 'admin');
	await golive.start();
}, 240_000);
afterAll(() => golive.stop());

describe('subscribing over HTTP', () => {
	it('a flood from one address gets 429 past the limit, by the API and by the page’s form; another address is served', async () => {
		const flood = '192.0.2.10';
		for (let i = 0; i < THROTTLE_RULES.subscribeAddress.limit; i++)
			expect((await subscribe(flood)).status).toBe(201);
		const refused = await subscribe(flood);
		expect(refused.status).toBe(429);
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3000);
		expect(refused.body.error).toMatchObject({
			code: 'rate_limited',
			reason: 'errors.tooManySubscribeRequests',
			message: 'too many subscribe requests: try again in 60 min'
		});

		const form = await golive.raw('POST', '/status/subscribe?lang=fi', {
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				origin: golive.base,
				'x-forwarded-for': flood
			},
			body: 'channel=email&email=page%40example.org&language=fi'
		});
		// The form's action refuses it too (answered as an enhanced form's failure, which the page shows).
		expect(form.body).toMatchObject({ type: 'failure', status: 429 });
		expect(form.text).toContain('errors.tooManySubscribeRequests');

		expect((await subscribe('192.0.2.11')).status).toBe(201);
	});

	it('a manage link is known by its token only', async () => {
		const token = 'x'.repeat(43);
		expect((await golive.call('GET', `/api/v1/subscriptions/manage/${token}`)).status).toBe(404);
		const put = await golive.call('PUT', `/api/v1/subscriptions/manage/${token}`, undefined, {
			language: 'sv',
			services: []
		});
		expect(put.status).toBe(404);
		expect(put.body.error.reason).toBe('errors.subscriptionLinkUnknown');
	});
});
