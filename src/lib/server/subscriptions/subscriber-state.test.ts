/**
 * What keeps subscriptions in hand: the limits on subscribing (per client address and per e-mail address, held in
 * the database), a failing webhook disabled and enabled again by an admin, and a subscriber changing what they
 * follow by the link in their messages. Against PGlite and PostgreSQL, a real SMTP server and a real receiver.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listQuery } from '../../shared/schemas/api';
import { auditQuery } from '../../shared/schemas/audit';
import {
	subscribeInput,
	subscriptionChoicesInput,
	subscriptionDeliveriesQuery
} from '../../shared/schemas/subscriptions';
import { RETRY_DELAYS_MS } from '../../shared/webhooks/schedule';
import type { App } from '../app';
import { listAudit } from '../audit/audit.service';
import { THROTTLE_RULES, Throttle } from '../auth/throttle';
import { testDatabases } from '../db/test-db';
import { RateLimitedError } from '../errors';
import { ManualClock, rejection, testActor, testAdmin, testCutover } from '../testing';
import { SmtpReceiver } from '../testing/smtp-receiver';
import { WebhookReceiver } from '../testing/webhook-receiver';
import { createMailTransport } from './mail-transport';
import { SubscriptionSender } from './subscription.sender';
import {
	changeChoices,
	choicesOf,
	confirmSubscription,
	enableSubscriber,
	listSubscribers,
	listSubscriptionDeliveries,
	subscribe
} from './subscription.service';
import { makePublic, publishEntry } from './testing';

const BASE = 'https://status.example.org';
const texts = {
	fi: { title: 'Huoltokatko', body: 'Palvelu on poissa käytöstä.' },
	sv: { title: 'Underhållsavbrott', body: 'Tjänsten är inte tillgänglig.' },
	en: { title: 'Maintenance break', body: 'The service is down.' }
};
let addresses = 0;
const email = () => `state${++addresses}@example.org`;
let clients = 0;
const client = () => `203.0.113.${++clients}`;
const linkIn = (text: string, path: string) =>
	new RegExp(`${BASE}${path}/([A-Za-z0-9_-]{43})`).exec(text)?.[1];

describe.each(testDatabases())('subscriber state on $kind', (database) => {
	let app: App;
	let smtp: SmtpReceiver;
	let clock: ManualClock;
	let sender: SubscriptionSender;
	let ctx: App;
	let cutover: { id: string; slug: string };
	const receivers: WebhookReceiver[] = [];

	beforeAll(async () => {
		app = await database.open();
		smtp = await new SmtpReceiver().start();
		cutover = await testCutover(app, { name: 'ERP' });
		await makePublic(app, cutover.id, ['erp', 'web']);
	});
	afterAll(async () => {
		await smtp.stop();
		for (const r of receivers) await r.stop();
		await database.close();
	});
	afterEach(() => sender?.close());

	function newSender() {
		clock = new ManualClock(Date.now());
		ctx = { ...app, clock };
		sender = new SubscriptionSender(ctx, {
			mail: createMailTransport(smtp.url),
			from: 'golive <status@example.org>',
			baseUrl: BASE,
			rate: 1000,
			clock
		});
	}
	const mailsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));
	const publish = (fields: Parameters<typeof publishEntry>[2]) =>
		publishEntry(app, cutover.id, fields, new Date(clock.now()));
	const emailInput = (address: string) =>
		subscribeInput.parse({ channel: 'email', email: address, language: 'fi' });

	/** A webhook subscriber verified by its receiver's 2xx. */
	async function verifiedWebhook(): Promise<{ receiver: WebhookReceiver; id: string }> {
		const receiver = await new WebhookReceiver().start();
		receivers.push(receiver);
		const created = await subscribe(
			ctx,
			subscribeInput.parse({ channel: 'webhook', url: receiver.url, language: 'en' }),
			client()
		);
		receiver.secret = created.secret!;
		await sender.run();
		expect(receiver.received.map((r) => r.verified?.type)).toEqual(['subscription.verify']);
		const listed = await listSubscribers(app, testAdmin, listQuery.parse({ limit: 1000 }));
		const row = listed.items.find((s) => s.address === receiver.url)!;
		expect(row.confirmedAt).not.toBeNull();
		// What is queued from now on comes after the verification was delivered.
		clock.advance(1000);
		return { receiver, id: row.id };
	}

	it('limits confirmation mails to one e-mail address, whoever asks, and says when to try again', async () => {
		newSender();
		const address = email();
		const { limit } = THROTTLE_RULES.subscribeEmail;
		for (let i = 0; i < limit; i++) {
			await subscribe(ctx, emailInput(address), client());
			await sender.run();
		}
		expect(mailsTo(address)).toHaveLength(limit);

		const refused = await rejection(subscribe(ctx, emailInput(address), client()));
		expect(refused).toBeInstanceOf(RateLimitedError);
		expect(refused).toMatchObject({ status: 429, reason: 'errors.tooManySubscribeRequests' });
		expect((refused as RateLimitedError).retryAfterSeconds).toBeGreaterThan(23 * 3600);
		await sender.run();
		expect(mailsTo(address)).toHaveLength(limit);

		// Another address is not held back by it.
		const other = email();
		await subscribe(ctx, emailInput(other), client());
		await sender.run();
		expect(mailsTo(other)).toHaveLength(1);
	});

	it('limits subscribe requests per client address, on every instance sharing the database', async () => {
		newSender();
		const flood = client();
		const { limit } = THROTTLE_RULES.subscribeAddress;
		const flooded: string[] = [];
		for (let i = 0; i < limit; i++) {
			const address = email();
			flooded.push(address);
			await subscribe(ctx, emailInput(address), flood);
		}
		const late = email();
		expect((await rejection(subscribe(ctx, emailInput(late), flood))).status).toBe(429);
		// A webhook from there too: the limit is the address's, whatever it asks.
		const hook = subscribeInput.parse({
			channel: 'webhook',
			url: 'https://hooks.example.org/x',
			language: 'en'
		});
		expect((await rejection(subscribe(ctx, hook, flood))).status).toBe(429);

		// Another instance (its own limiter, its own memory) reads the same counters.
		const elsewhere = new Throttle(app.db);
		try {
			const refused = await rejection(subscribe({ ...ctx, throttle: elsewhere }, emailInput(email()), flood));
			expect(refused.status).toBe(429);
		} finally {
			elsewhere.close();
		}
		await sender.run();
		expect(mailsTo(late)).toHaveLength(0);
		expect(flooded.every((a) => mailsTo(a).length === 1)).toBe(true);
		// Someone else is served.
		await subscribe(ctx, emailInput(email()), client());
	});

	it('disables a webhook once a message is given up with nothing delivered since, and an admin enables it again', async () => {
		newSender();
		const { receiver, id } = await verifiedWebhook();
		receiver.answers.push(...Array.from({ length: 20 }, () => 503));
		expect((await publish({ texts })).queued).toBeGreaterThanOrEqual(1);
		await sender.run();
		const waits = [...RETRY_DELAYS_MS];
		const last = waits.pop()!;
		for (const wait of waits) {
			clock.advance(wait);
			await sender.run();
		}
		// The first notice waits for its last attempt. A second one fails meanwhile, and is not yet due again then.
		await publish({ texts: { en: { title: 'Second', body: 'x' } } });
		await sender.run();
		let waited = 0;
		for (const wait of RETRY_DELAYS_MS.slice(0, 5)) {
			clock.advance(wait);
			waited += wait;
			await sender.run();
		}
		expect(waited).toBeLessThan(last);
		clock.advance(last - waited);
		await sender.run();

		const listed = await listSubscribers(app, testAdmin, listQuery.parse({ limit: 1000 }));
		const disabled = listed.items.find((s) => s.id === id)!;
		expect(disabled.disabledAt).not.toBeNull();
		expect(disabled.disabledReason).toMatch(/503/);
		const log = await listSubscriptionDeliveries(
			app,
			testAdmin,
			subscriptionDeliveriesQuery.parse({ limit: 100, subscriber: id })
		);
		expect(log.items.every((d) => d.address === receiver.url)).toBe(true);
		expect(log.items.filter((d) => d.kind === 'notice').map((d) => d.state)).toEqual(['failed', 'failed']);
		expect(log.items.some((d) => d.lastError === 'not sent: the subscriber is disabled')).toBe(true);
		const [audit] = await listAudit(app, testAdmin, auditQuery.parse({ kind: 'subscriber.disabled' }));
		expect(audit).toMatchObject({ actor: 'system', subject: receiver.url });

		// Nothing more is queued or sent to it.
		const sentBefore = receiver.received.length;
		const { entryId } = await publish({ texts });
		await sender.run();
		expect(receiver.received).toHaveLength(sentBefore);
		const queuedFor = await listSubscriptionDeliveries(
			app,
			testAdmin,
			subscriptionDeliveriesQuery.parse({ limit: 100, subscriber: id })
		);
		expect(queuedFor.items.some((d) => d.entryId === entryId)).toBe(false);

		// Only an admin enables it, once; it is recorded, and the next notice reaches it.
		expect((await rejection(enableSubscriber(app, testActor('operator'), id))).status).toBe(403);
		const enabled = await enableSubscriber(app, testAdmin, id);
		expect(enabled).toMatchObject({ disabledAt: null, disabledReason: null });
		expect((await rejection(enableSubscriber(app, testAdmin, id))).status).toBe(409);
		expect((await rejection(enableSubscriber(app, testAdmin, crypto.randomUUID()))).status).toBe(404);
		const [enabledAudit] = await listAudit(app, testAdmin, auditQuery.parse({ kind: 'subscriber.enabled' }));
		expect(enabledAudit).toMatchObject({ subject: receiver.url, detail: { subscriber: id } });
		receiver.answers.length = 0;
		await publish({ texts: { en: { title: 'Back again', body: 'x' } } });
		await sender.run();
		// (Its signature is not checked here: the manual clock runs a day ahead of the receiver's.)
		const latest = receiver.received.at(-1)!;
		expect(latest.answered).toBe(200);
		expect(JSON.parse(latest.body)).toMatchObject({
			type: 'notice.published',
			data: { entry: { title: 'Back again' } }
		});
	});

	it('keeps a webhook that took a later message while an earlier one was failing', async () => {
		newSender();
		const { receiver, id } = await verifiedWebhook();
		// The first notice fails every time; the second goes through at its first attempt.
		receiver.answers.push(500);
		await publish({ texts: { en: { title: 'Refused', body: 'x' } } });
		await sender.run();
		await publish({ texts: { en: { title: 'Taken', body: 'x' } } });
		await sender.run();
		receiver.answers.push(...Array.from({ length: 20 }, () => 500));
		for (const wait of RETRY_DELAYS_MS) {
			clock.advance(wait);
			await sender.run();
		}
		const log = await listSubscriptionDeliveries(
			app,
			testAdmin,
			subscriptionDeliveriesQuery.parse({ limit: 100, subscriber: id })
		);
		expect(log.items.filter((d) => d.kind === 'notice').map((d) => d.state)).toEqual(['sent', 'failed']);
		const row = (await listSubscribers(app, testAdmin, listQuery.parse({ limit: 1000 }))).items.find(
			(s) => s.id === id
		)!;
		expect(row.disabledAt).toBeNull();
	});

	it('every mail and webhook carries a link that manages the subscription: its language and services, or unsubscribing', async () => {
		newSender();
		const address = email();
		await subscribe(ctx, emailInput(address), client());
		await sender.run();
		const [confirmation] = mailsTo(address);
		const manage = linkIn(confirmation.text!, '/status/manage')!;
		expect(manage).toBeDefined();
		expect(confirmation.html).toContain(`${BASE}/status/manage/${manage}`);
		await confirmSubscription(ctx, linkIn(confirmation.text!, '/status/confirm')!);

		expect(await choicesOf(ctx, manage)).toEqual({
			channel: 'email',
			address,
			language: 'fi',
			services: []
		});
		// A service no public page shows is refused, and nothing changes.
		const refused = await rejection(
			changeChoices(
				ctx,
				manage,
				subscriptionChoicesInput.parse({ language: 'sv', services: ['nowhere/erp'] })
			)
		);
		expect(refused.status).toBe(400);
		expect((await choicesOf(ctx, manage)).language).toBe('fi');

		const changed = await changeChoices(
			ctx,
			manage,
			subscriptionChoicesInput.parse({ language: 'sv', services: [`${cutover.slug}/erp`] })
		);
		expect(changed).toMatchObject({ language: 'sv', services: [`${cutover.slug}/erp`] });
		// A notice of the other service no longer reaches them; one of theirs does, in Swedish.
		await publish({ texts, services: ['web'] });
		await publish({ texts, services: ['erp'] });
		await sender.run();
		const notices = mailsTo(address).slice(1);
		expect(notices.map((m) => m.headers.get('subject'))).toEqual(['ERP: Underhållsavbrott']);
		// The notice's own link manages the same subscription, and back to all services.
		const again = linkIn(notices[0].text!, '/status/manage')!;
		expect(again).not.toBe(manage);
		await changeChoices(ctx, again, subscriptionChoicesInput.parse({ language: 'sv', services: [] }));
		expect((await choicesOf(ctx, manage)).services).toEqual([]);
		expect((await rejection(choicesOf(ctx, 'x'.repeat(43)))).status).toBe(404);

		// A webhook's messages carry it too.
		const { receiver } = await verifiedWebhook();
		const verify = receiver.received[0].verified!.data as { manageUrl: string; unsubscribeUrl: string };
		expect(verify.manageUrl).toBe(verify.unsubscribeUrl.replace('/status/unsubscribe/', '/status/manage/'));
	});
});
