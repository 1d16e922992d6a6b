import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { webhookCreateInput, webhookPatchInput } from '../../shared/schemas/webhooks';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS } from '../../shared/webhooks/schedule';
import { listQuery } from '../../shared/schemas/api';
import type { App } from '../app';
import { createApp } from '../app';
import { createPostgresDatabase, postgresReachable, testDatabases } from '../db/test-db';
import { eventsAfter } from '../events/event.service';
import { ManualClock, testAdmin as admin, testCutover, testTask } from '../testing';
import { WebhookReceiver } from '../testing/webhook-receiver';
import { WebhookDispatcher } from './webhook.dispatcher';
import { createWebhook, updateWebhook, webhookDeliveries } from './webhook.service';

let keys = 0;
const task = (app: App, slug: string) =>
	testTask(app, slug, { key: `T${++keys}`, title: 'A step', phase: 'Run', owner: 'ops', durationMinutes: 5 });

describe.each(testDatabases())('webhooks on $kind', (database) => {
	let app: App;
	let receiver: WebhookReceiver;
	let clock: ManualClock;
	let dispatcher: WebhookDispatcher;

	beforeAll(async () => {
		app = await database.open();
		receiver = await new WebhookReceiver().start();
	});
	afterEach(() => dispatcher?.close());
	afterAll(async () => {
		await receiver.stop();
		await database.close();
	});

	/** A cutover with an endpoint at the receiver for `events`, and a dispatcher on a manual clock. */
	async function endpointFor(events: string[]) {
		receiver.received.length = 0;
		clock = new ManualClock(Date.now());
		dispatcher = new WebhookDispatcher(app, { clock, jitter: (ms) => ms });
		const cutover = await testCutover(app);
		const created = await createWebhook(
			app,
			admin,
			cutover.slug,
			webhookCreateInput.parse({ url: receiver.url, events })
		);
		receiver.secret = created.secret;
		return { cutover, endpoint: created };
	}
	const log = async (slug: string, id: string) =>
		(await webhookDeliveries(app, admin, slug, id, listQuery.parse({}))).items;

	it('sends a matching event signed as Standard Webhooks says, and not the others', async () => {
		const { cutover, endpoint } = await endpointFor(['task.created']);
		expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
		const created = (await eventsAfter(app, cutover.id, 0)).find((e) => e.type === 'webhook.created')!;
		expect(JSON.stringify(created)).not.toContain(endpoint.secret);

		await task(app, cutover.slug);
		await dispatcher.run();

		expect(receiver.received.map((r) => r.verified?.type)).toEqual(['task.created']);
		const [message] = receiver.received;
		const event = (await eventsAfter(app, cutover.id, 0)).find((e) => e.type === 'task.created')!;
		expect(message.headers['content-type']).toBe('application/json');
		expect(message.headers['webhook-id']).toBe(`msg_${cutover.id.replaceAll('-', '')}_${event.seq}`);
		expect(Number(message.headers['webhook-timestamp'])).toBe(Math.floor(clock.now() / 1000));
		expect(message.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
		expect(message.verified).toEqual({
			type: 'task.created',
			timestamp: expect.any(String),
			data: { cutover: cutover.slug, seq: event.seq, actor: admin.name, payload: event.data }
		});
		const [attempt] = await log(cutover.slug, endpoint.id);
		expect(attempt).toMatchObject({ seq: event.seq, attempt: 1, outcome: 'delivered', statusCode: 200 });
		expect(attempt.response).toBe('thanks');

		// Another secret does not verify: the receiver's check is real.
		receiver.secret = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;
		await task(app, cutover.slug);
		await dispatcher.run();
		expect(receiver.received.at(-1)!.verified).toBeNull();
	});

	it('retries a failed message with the same webhook-id, holding the later ones back until it is delivered', async () => {
		const { cutover, endpoint } = await endpointFor(['task.*']);
		receiver.answers.push(500);
		await task(app, cutover.slug);
		await task(app, cutover.slug);
		await dispatcher.run();
		expect(receiver.received.map((r) => r.answered)).toEqual([500]);
		const [failed] = await log(cutover.slug, endpoint.id);
		expect(failed).toMatchObject({ attempt: 1, outcome: 'retrying', statusCode: 500, error: 'HTTP 500' });
		expect(Date.parse(failed.nextAttemptAt!)).toBe(clock.now() + RETRY_DELAYS_MS[0]);

		// Not due yet: a round sends nothing.
		await dispatcher.run();
		expect(receiver.received).toHaveLength(1);

		clock.advance(RETRY_DELAYS_MS[0]);
		await dispatcher.run();
		const ids = receiver.received.map((r) => r.headers['webhook-id']);
		expect(ids).toHaveLength(3);
		expect(ids[1]).toBe(ids[0]);
		expect(ids[2]).not.toBe(ids[0]);
		expect(receiver.received.every((r) => r.verified !== null)).toBe(true);
		const seqs = receiver.received.map((r) => r.verified!.data.seq as number);
		expect(seqs[2]).toBeGreaterThan(seqs[1]);
		expect(Number(receiver.received[1].headers['webhook-timestamp'])).toBe(
			Number(receiver.received[0].headers['webhook-timestamp']) + RETRY_DELAYS_MS[0] / 1000
		);
		expect((await log(cutover.slug, endpoint.id)).map((d) => [d.attempt, d.outcome])).toEqual([
			[1, 'delivered'],
			[2, 'delivered'],
			[1, 'retrying']
		]);
	});

	it('backs off for hours, then disables the endpoint with an event; enabling it sends that message again', async () => {
		const { cutover, endpoint } = await endpointFor(['task.created']);
		receiver.answers.push(...Array<number>(MAX_ATTEMPTS).fill(503));
		await task(app, cutover.slug);
		for (const delay of RETRY_DELAYS_MS) {
			await dispatcher.run();
			const [latest] = await log(cutover.slug, endpoint.id);
			expect(latest.outcome).toBe('retrying');
			expect(Date.parse(latest.nextAttemptAt!) - Date.parse(latest.at)).toBe(delay);
			clock.advance(delay);
		}
		await dispatcher.run();
		expect(receiver.received).toHaveLength(MAX_ATTEMPTS);
		expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
		const [last] = await log(cutover.slug, endpoint.id);
		expect(last).toMatchObject({ attempt: MAX_ATTEMPTS, outcome: 'failed', nextAttemptAt: null });

		const events = await eventsAfter(app, cutover.id, 0);
		const disabled = events.find((e) => e.type === 'webhook.disabled');
		expect(disabled).toMatchObject({
			actor: { name: 'webhooks' },
			data: { webhook: { id: endpoint.id, enabled: false, disabledReason: 'failing' }, error: 'HTTP 503' }
		});
		// Disabled: a new event waits.
		await task(app, cutover.slug);
		await dispatcher.run();
		expect(receiver.received).toHaveLength(MAX_ATTEMPTS);

		await updateWebhook(app, admin, cutover.slug, endpoint.id, webhookPatchInput.parse({ enabled: true }));
		await dispatcher.run();
		const resent = receiver.received.slice(MAX_ATTEMPTS);
		expect(resent.map((r) => r.answered)).toEqual([200, 200]);
		expect(resent[0].headers['webhook-id']).toBe(receiver.received[0].headers['webhook-id']);
	});
});

describe.runIf(postgresReachable())('webhooks with two instances on one PostgreSQL', () => {
	let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
	let receiver: WebhookReceiver;
	const apps: App[] = [];
	beforeAll(async () => {
		database = await createPostgresDatabase();
		receiver = await new WebhookReceiver().start();
		for (let i = 0; i < 2; i++)
			apps.push(await createApp({ url: database.url, webhooks: true, leaseEveryMs: 200 }));
	});
	afterAll(async () => {
		for (const app of apps) await app.close();
		await receiver.stop();
		await database?.drop();
	});

	it('sends each message once: only the holder of the lease delivers', async () => {
		expect(apps.map((a) => a.webhookLease!.held).sort()).toEqual([false, true]);
		const cutover = await testCutover(apps[0]);
		const { secret } = await createWebhook(
			apps[1],
			admin,
			cutover.slug,
			webhookCreateInput.parse({ url: receiver.url, events: ['task.created'] })
		);
		receiver.secret = secret;
		// Written on both instances; each instance hears of the other's commit.
		await task(apps[0], cutover.slug);
		await receiver.receivedCount(1);
		await task(apps[1], cutover.slug);
		await receiver.receivedCount(2);
		await task(apps[0], cutover.slug);
		await receiver.receivedCount(3);
		const ids = receiver.received.map((r) => r.headers['webhook-id']);
		expect(new Set(ids).size).toBe(ids.length);
		expect(receiver.received.every((r) => r.verified?.type === 'task.created')).toBe(true);
	}, 20_000);
});
