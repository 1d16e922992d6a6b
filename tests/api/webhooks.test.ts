/**
 * Webhooks through a real HTTP server (the production build, see harness.ts): an operator adds an endpoint and
 * gets its secret once, a change to the runbook reaches a real receiver signed, the delivery log shows it, a test
 * message goes out on request, and bad definitions are refused with a 400 that keeps nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookReceiver } from '../../src/lib/server/testing/webhook-receiver';
import { TestServer } from './harness';

const golive = new TestServer('golive-webhooks-');
const tokens = { admin: '', viewer: '' };
const receiver = new WebhookReceiver();
const C = '/api/v1/cutovers/go-live';
const W = `${C}/webhooks`;
const HOUR = 3_600_000;

async function call(...args: Parameters<TestServer['call']>) {
	const { status, body } = await golive.call(...args);
	return { status, body };
}

const lastSeq = async () => (await call('GET', C, tokens.admin)).body.lastSeq as number;

beforeAll(async () => {
	tokens.admin = await golive.tokenFor('setup', 'admin');
	tokens.viewer = await golive.tokenFor('wall screen', 'viewer');
	await golive.start();
	await receiver.start();
	const now = Date.now();
	const window = {
		windowStart: new Date(now - HOUR).toISOString(),
		windowEnd: new Date(now + HOUR).toISOString()
	};
	expect(
		(
			await call('POST', '/api/v1/cutovers', tokens.admin, {
				slug: 'go-live',
				name: 'Go live',
				timezone: 'UTC',
				...window
			})
		).status
	).toBe(201);
}, 600_000);

afterAll(async () => {
	await receiver.stop();
	await golive.stop();
});

describe('webhooks over HTTP', () => {
	let id = '';

	it('adds an endpoint, answering its secret once and never again', async () => {
		const made = await call('POST', W, tokens.admin, {
			url: receiver.url,
			description: 'Waiting room',
			events: ['task.*']
		});
		expect(made.status).toBe(201);
		expect(made.body).toMatchObject({ url: receiver.url, events: ['task.*'], enabled: true });
		expect(made.body.secret).toMatch(/^whsec_/);
		receiver.secret = made.body.secret;
		id = made.body.id;
		const list = await call('GET', W, tokens.admin);
		expect(list.body.items).toHaveLength(1);
		expect(JSON.stringify(list.body)).not.toContain(receiver.secret);
		const events = await call('GET', `${C}/events?after=0`, tokens.admin);
		expect(JSON.stringify(events.body)).not.toContain(receiver.secret);
		// Reading them is for those who may change them.
		expect((await call('GET', W, tokens.viewer)).status).toBe(403);
	});

	it('sends a new task to the receiver, signed, and shows it in the delivery log', async () => {
		const task = { key: 'T1', title: 'Open the gates', phase: 'Run', owner: 'ops', durationMinutes: 5 };
		expect((await call('POST', `${C}/tasks`, tokens.admin, task)).status).toBe(201);
		await receiver.receivedCount(1);
		const [message] = receiver.received;
		expect(message.verified).toMatchObject({ type: 'task.created', data: { cutover: 'go-live' } });
		const log = await call('GET', `${W}/${id}/deliveries?limit=10`, tokens.admin);
		expect(log.status).toBe(200);
		expect(log.body.items[0]).toMatchObject({
			messageId: message.headers['webhook-id'],
			eventType: 'task.created',
			outcome: 'delivered',
			statusCode: 200
		});
	});

	it('sends a test message on request and answers how it went', async () => {
		receiver.answers.push(418);
		const test = await call('POST', `${W}/${id}/test`, tokens.admin);
		expect(test.status).toBe(200);
		expect(test.body).toMatchObject({
			eventType: 'webhook.test',
			seq: null,
			outcome: 'failed',
			statusCode: 418
		});
		expect(receiver.received.at(-1)!.verified).toMatchObject({ type: 'webhook.test' });
	});

	it.each([
		['a URL of another scheme', { url: 'ftp://example.org/hook', events: ['*'] }, 'url'],
		['no URL', { events: ['*'] }, 'url'],
		['no event types', { url: 'https://example.org/hook', events: [] }, 'events'],
		['a bad filter', { url: 'https://example.org/hook', events: ['Task.*'] }, 'events.0'],
		[
			'a filter with a wildcard inside',
			{ url: 'https://example.org/hook', events: ['task.*.x'] },
			'events.0'
		],
		['an unknown field', { url: 'https://example.org/hook', events: ['*'], secret: 'mine' }, '']
	])('refuses %s with a 400 and keeps nothing', async (_, body, field) => {
		const before = await lastSeq();
		const answer = await call('POST', W, tokens.admin, body);
		expect(answer.status).toBe(400);
		expect(answer.body.error.message).toContain(field);
		expect(await lastSeq()).toBe(before);
		expect((await call('GET', W, tokens.admin)).body.items).toHaveLength(1);
	});

	it('disables, then removes an endpoint, each with its event', async () => {
		const off = await call('PATCH', `${W}/${id}`, tokens.admin, { enabled: false });
		expect(off.body).toMatchObject({ enabled: false, disabledReason: 'manual', version: 2 });
		expect((await call('DELETE', `${W}/${id}`, tokens.admin)).status).toBe(200);
		expect((await call('GET', `${W}/${id}/deliveries`, tokens.admin)).status).toBe(404);
		const events = await call('GET', `${C}/events?after=0`, tokens.admin);
		const types = (events.body.items as { type: string }[]).map((e) => e.type);
		expect(types).toEqual(expect.arrayContaining(['webhook.created', 'webhook.updated', 'webhook.removed']));
	});
});
