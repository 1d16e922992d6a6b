import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { listQuery } from '../../shared/schemas/api';
import { noticeCreateInput, noticeEntryInput, noticePublishInput } from '../../shared/schemas/notices';
import { subscribeInput } from '../../shared/schemas/subscriptions';
import { RETRY_DELAYS_MS } from '../../shared/webhooks/schedule';
import type { App } from '../app';
import { testDatabases } from '../db/test-db';
import { subscribers } from '../db/schema';
import { ManualClock, rejection, testAdmin, testActor, testCutover } from '../testing';
import { SmtpReceiver, type ReceivedMail } from '../testing/smtp-receiver';
import { WebhookReceiver } from '../testing/webhook-receiver';
import { addNoticeEntry, createNotice, publishNotice } from '../notices/notice.service';
import { createMailTransport } from './mail-transport';
import { SubscriptionSender } from './subscription.sender';
import {
	confirmationOf,
	confirmSubscription,
	listSubscribers,
	listSubscriptionDeliveries,
	subscribe,
	subscriptionSummary,
	unsubscribe,
	unsubscriptionOf
} from './subscription.service';
import * as q from './subscriptions.queries';
import { makePublic, publishEntry } from './testing';
import { hashToken } from './tokens';

const BASE = 'https://status.example.org';
const texts = {
	fi: { title: 'Huoltokatko', body: 'Palvelu on **poissa** käytöstä.' },
	sv: { title: 'Underhållsavbrott', body: 'Tjänsten är *inte* tillgänglig.' },
	en: {
		title: 'Maintenance break',
		body: 'The service is **down**.\n\n- step one\n- [details](https://example.org/x)'
	}
};
let addresses = 0;
/** A client address of its own for each request: the limits per address have their own test. */
let clients = 0;
const client = () => `198.51.100.${++clients}`;
const email = () => `person${++addresses}@example.org`;
const tokenIn = (text: string, path: string) =>
	new RegExp(`${BASE}${path}/([A-Za-z0-9_-]{43})`).exec(text)![1];

describe.each(testDatabases())('subscriptions on $kind', (database) => {
	let app: App;
	let smtp: SmtpReceiver;
	let hooks: WebhookReceiver;
	let clock: ManualClock;
	let sender: SubscriptionSender;
	/** The app on the test's manual clock. */
	let ctx: App;
	let cutover: { id: string; slug: string; name: string };

	beforeAll(async () => {
		app = await database.open();
		smtp = await new SmtpReceiver().start();
		hooks = await new WebhookReceiver().start();
		cutover = await testCutover(app, { name: 'ERP <go-live>' });
		await makePublic(app, cutover.id, ['erp', 'web']);
	});
	afterAll(async () => {
		await smtp.stop();
		await hooks.stop();
		await database.close();
	});
	afterEach(() => sender?.close());

	/** A sender on a manual clock, sending at `rate` a second to the test's SMTP server. */
	function newSender(rate = 1000, mailUrl = smtp.url) {
		clock = new ManualClock(Date.now());
		ctx = { ...app, clock };
		sender = new SubscriptionSender(ctx, {
			mail: createMailTransport(mailUrl),
			from: 'golive <status@example.org>',
			baseUrl: BASE,
			rate,
			clock
		});
		return sender;
	}
	const mailsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));
	const publish = (fields: Parameters<typeof publishEntry>[2]) =>
		publishEntry(app, cutover.id, fields, new Date(clock.now()));

	/** An e-mail subscriber confirmed through their mail, as a person would; answers their address. */
	async function confirmedSubscriber(fields: { language?: 'fi' | 'sv' | 'en'; services?: string[] } = {}) {
		const address = email();
		await subscribe(
			ctx,
			subscribeInput.parse({ channel: 'email', email: address, language: 'fi', ...fields }),
			client()
		);
		await sender.run();
		const [mail] = mailsTo(address);
		await confirmSubscription(ctx, tokenIn(mail.text!, '/status/confirm'));
		return address;
	}

	it('publishing a notice and its update through the notices service each queue one mail per subscriber', async () => {
		newSender();
		// A cutover of its own, and a subscriber of its service only: the other tests count what they queue.
		const own = await testCutover(app, { name: 'ERP <go-live>' });
		await makePublic(app, own.id, ['erp']);
		const address = await confirmedSubscriber({ language: 'fi', services: [`${own.slug}/erp`] });
		const notice = await createNotice(
			ctx,
			testAdmin,
			own.slug,
			noticeCreateInput.parse({
				kind: 'info',
				services: ['erp'],
				texts: { fi: { title: 'Palvelun kautta', body: 'x' }, sv: texts.sv }
			})
		);
		await publishNotice(ctx, testAdmin, own.slug, notice.ref, noticePublishInput.parse({}));
		await addNoticeEntry(
			ctx,
			testAdmin,
			own.slug,
			notice.ref,
			noticeEntryInput.parse({
				kind: 'update',
				texts: { fi: { title: 'Palvelun kautta 2', body: 'y' }, sv: texts.sv }
			})
		);
		await sender.run();
		// One mail each (the sender does not promise their order).
		const subjects = mailsTo(address).map((m) => m.headers.get('subject'));
		expect(subjects.filter((x) => x?.includes('Palvelun kautta')).sort()).toEqual([
			'ERP <go-live>, päivitys: Palvelun kautta 2',
			'ERP <go-live>: Palvelun kautta'
		]);
	});

	it('double opt-in: a confirmation mail with a one-use link, and nothing else until it is used', async () => {
		newSender();
		const address = email();
		const answer = await subscribe(
			ctx,
			subscribeInput.parse({ channel: 'email', email: ` ${address.toUpperCase()} `, language: 'sv' }),
			client()
		);
		expect(answer).toEqual({ channel: 'email', secret: null });
		// Unconfirmed: a notice published now is not queued for it.
		expect((await publish({ texts })).queued).toBe(0);
		await sender.run();
		const [mail] = mailsTo(address);
		expect(mailsTo(address)).toHaveLength(1);
		expect(mail.headers.get('subject')).toBe('Bekräfta din prenumeration på meddelanden');
		expect(mail.headers.get('list-unsubscribe')).toMatch(
			new RegExp(`^<${BASE}/status/unsubscribe/[\\w-]{43}>$`)
		);
		expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
		const token = tokenIn(mail.text!, '/status/confirm');
		expect(mail.html).toContain(`${BASE}/status/confirm/${token}`);
		// Only the hash is kept.
		const [row] = (await app.db.select().from(subscribers)).filter((s) => s.address === address);
		expect(row.confirmTokenHash).toBe(hashToken(token));
		expect(JSON.stringify(row)).not.toContain(token);

		expect(await confirmationOf(ctx, token)).toEqual({ channel: 'email', address, language: 'sv' });
		expect(await confirmSubscription(ctx, token)).toMatchObject({ address });
		expect((await rejection(confirmSubscription(ctx, token))).status).toBe(404);
		expect((await rejection(confirmationOf(ctx, token))).status).toBe(404);

		// Asking again once confirmed changes nothing and sends nothing, and answers the same.
		expect(
			await subscribe(
				ctx,
				subscribeInput.parse({ channel: 'email', email: address, language: 'en' }),
				client()
			)
		).toEqual(answer);
		await sender.run();
		expect(mailsTo(address)).toHaveLength(1);
	});

	it("a published notice's mail arrives in the subscriber's language, with an HTML and a plain-text part and the unsubscribe headers", async () => {
		newSender();
		const address = await confirmedSubscriber({ language: 'en' });
		const { entryId, queued } = await publish({ texts });
		expect(queued).toBeGreaterThanOrEqual(1);
		await sender.run();
		const mail = mailsTo(address).at(-1)!;
		expect(mail.headers.get('subject')).toBe('ERP <go-live>: Maintenance break');
		expect(mail.headers.get('content-type')).toMatch(/^multipart\/alternative/);
		expect(mail.text).toContain('The service is down.');
		expect(mail.text).toContain('details (https://example.org/x)');
		expect(mail.html).toContain('<strong>down</strong>');
		expect(mail.html).toContain(
			'<a href="https://example.org/x" rel="noopener noreferrer nofollow">details</a>'
		);
		expect(mail.html).toContain('<html lang="en">');
		expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
		// Queued once per subscriber and entry: queueing it again adds nothing.
		expect(await app.db.transaction((tx) => q.queueEntry(tx, entryId, new Date(clock.now())))).toBe(0);
	});

	it("falls back to the notice's other languages in the order fi, sv, en, and says so", async () => {
		newSender();
		const address = await confirmedSubscriber({ language: 'en' });
		await publish({ texts: { sv: texts.sv, fi: texts.fi } });
		await sender.run();
		const mail = mailsTo(address).at(-1)!;
		expect(mail.headers.get('subject')).toBe('ERP <go-live>: Huoltokatko');
		expect(mail.text).toContain('This notice is not available in English; here it is in Finnish.');
		expect(mail.html).toContain('<div lang="fi">');
	});

	it('reaches the subscribers of its services, those who chose none, and nobody for a cutover not shown publicly', async () => {
		newSender();
		const erp = await confirmedSubscriber({ services: [`${cutover.slug}/erp`] });
		const web = await confirmedSubscriber({ services: [`${cutover.slug}/web`] });
		const all = await confirmedSubscriber();
		const before = smtp.received.length;
		await publish({ texts, services: ['erp'] });
		await sender.run();
		const to = smtp.received.slice(before).flatMap((m) => m.to);
		expect(to).toContain(erp);
		expect(to).toContain(all);
		expect(to).not.toContain(web);

		// A notice naming no service concerns everyone who follows this cutover, and nobody following only another.
		const other = await testCutover(app);
		await makePublic(app, other.id, ['crm']);
		const elsewhere = await confirmedSubscriber({ services: [`${other.slug}/crm`] });
		const next = smtp.received.length;
		await publish({ texts });
		await sender.run();
		const toAll = smtp.received.slice(next).flatMap((m) => m.to);
		expect(toAll).toEqual(expect.arrayContaining([erp, web, all]));
		expect(toAll).not.toContain(elsewhere);

		const hidden = await testCutover(app);
		await makePublic(app, hidden.id, ['erp'], false);
		expect((await publishEntry(app, hidden.id, { texts }, new Date(clock.now()))).queued).toBe(0);

		const refused = await rejection(
			subscribe(
				app,
				subscribeInput.parse({
					channel: 'email',
					email: email(),
					language: 'fi',
					services: [`${hidden.slug}/erp`]
				}),
				client()
			)
		);
		expect(refused.status).toBe(400);
		expect(refused.message).toContain(`${hidden.slug}/erp`);
	});

	it('one-click unsubscribe: the link of any message forgets the address, and nothing more is sent', async () => {
		newSender();
		const address = await confirmedSubscriber();
		await publish({ texts });
		await sender.run();
		const mail = mailsTo(address).at(-1)!;
		const token = /\/status\/unsubscribe\/([\w-]{43})>$/.exec(mail.headers.get('list-unsubscribe')!)![1];
		expect(await unsubscriptionOf(ctx, token)).toMatchObject({ address });
		expect(await unsubscribe(ctx, token)).toMatchObject({ address });
		expect((await rejection(unsubscribe(ctx, token))).status).toBe(404);
		expect((await app.db.select().from(subscribers)).some((s) => s.address === address)).toBe(false);
		const sent = mailsTo(address).length;
		await publish({ texts });
		await sender.run();
		expect(mailsTo(address)).toHaveLength(sent);
	});

	it("keeps XSS payloads inert in the mail's HTML", async () => {
		newSender();
		const address = await confirmedSubscriber({ language: 'fi' });
		const payload = {
			title: '<script>alert(1)</script><img src=x onerror=alert(2)>',
			body: '<script>alert(3)</script>\n\n<img src=x onerror=alert(4)>\n\n[click](javascript:alert(5)) [data](data:text/html;base64,PHNjcmlwdD4=) &lt;b&gt;\n\n<a href="javascript:alert(6)">x</a>'
		};
		await publish({ texts: { fi: payload } });
		await sender.run();
		const { html } = mailsTo(address).at(-1)! as ReceivedMail;
		// Every payload is text: no element but the allowed ones, no handler attribute, no script link.
		expect(html).not.toMatch(/<(script|img|iframe|svg)\b/i);
		expect(html).not.toMatch(/<[^>]+\son\w+=/i);
		expect(html).not.toMatch(/<a [^>]*href="(javascript|data):/i);
		expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
	});

	it('after a crash between queueing and sending, a new sender sends each message once', async () => {
		newSender();
		const people = [await confirmedSubscriber(), await confirmedSubscriber(), await confirmedSubscriber()];
		await sender.close();
		// Queued, then the sender is gone before sending; another claimed some and died while sending.
		const { queued } = await publish({ texts: { fi: { title: 'Kaatuminen', body: 'x' } } });
		expect(queued).toBeGreaterThanOrEqual(3);
		const now = new Date(clock.now());
		const died = await q.claimDue(app.db, now, new Date(now.getTime() + 60_000), [
			hashToken('a'),
			hashToken('b')
		]);
		expect(died).toHaveLength(2);

		const crashMails = () => smtp.received.filter((m) => m.headers.get('subject')?.includes('Kaatuminen'));
		newSender();
		await sender.run();
		// The two the dead sender claimed wait for its claim to run out; then they go too, once.
		expect(crashMails()).toHaveLength(queued - 2);
		clock.advance(5 * 60_000);
		await sender.run();
		await sender.run();
		const to = crashMails().flatMap((m) => m.to);
		expect(to).toHaveLength(queued);
		expect(new Set(to).size).toBe(queued);
		for (const address of people) expect(to).toContain(address);
		expect((await subscriptionSummary(app, testAdmin)).deliveries.pending).toBe(0);
	});

	it('sends at the configured rate, and retries a failed mail with backoff, logging why', async () => {
		newSender(2);
		const rows = await app.db
			.insert(subscribers)
			.values(
				Array.from({ length: 5 }, () => ({
					channel: 'email' as const,
					address: email(),
					language: 'fi' as const,
					createdAt: new Date(),
					confirmedAt: new Date()
				}))
			)
			.returning();
		const { entryId, queued } = await publish({ texts: { fi: { title: 'Tahti', body: 'x' } } });
		expect(queued).toBeGreaterThanOrEqual(rows.length);
		const sent = async () =>
			(await listSubscriptionDeliveries(app, testAdmin, listQuery.parse({ limit: 1000 }))).items.filter(
				(d) => d.entryId === entryId && d.state === 'sent'
			).length;
		for (let second = 1; second <= Math.ceil(queued / 2); second++) {
			await sender.run();
			expect(await sent()).toBe(Math.min(2 * second, queued));
			clock.advance(1000);
		}
		expect(rows.every((r) => mailsTo(r.address).length === 1)).toBe(true);

		// No SMTP server answering: the attempt fails, is logged, and is tried again after the first wait.
		newSender(1000, 'smtp://127.0.0.1:9');
		const address = email();
		await subscribe(
			ctx,
			subscribeInput.parse({ channel: 'email', email: address, language: 'fi' }),
			client()
		);
		await sender.run();
		const log = (await listSubscriptionDeliveries(app, testAdmin, listQuery.parse({}))).items;
		const failed = log.find((d) => d.address === address)!;
		expect(failed).toMatchObject({ kind: 'confirm', state: 'pending', attempts: 1 });
		expect(failed.lastError).toMatch(/ECONNREFUSED|connect/i);
		expect(Date.parse(failed.dueAt)).toBe(clock.now() + RETRY_DELAYS_MS[0]);
	});

	it('verifies a webhook with a signed message that must get a 2xx, then sends it signed notice entries', async () => {
		newSender();
		hooks.received.length = 0;
		const created = await subscribe(
			ctx,
			subscribeInput.parse({
				channel: 'webhook',
				url: hooks.url,
				language: 'sv',
				services: [`${cutover.slug}/web`]
			}),
			client()
		);
		expect(created.secret).toMatch(/^whsec_/);
		hooks.secret = created.secret!;
		hooks.answers.push(500);
		await sender.run();
		expect(hooks.received.map((r) => r.verified?.type)).toEqual(['subscription.verify']);
		// Not verified yet: a notice for its service is not queued for it.
		await publish({ texts, services: ['web'] });

		clock.advance(RETRY_DELAYS_MS[0]);
		await sender.run();
		expect(hooks.received.map((r) => [r.verified?.type, r.answered])).toEqual([
			['subscription.verify', 500],
			['subscription.verify', 200]
		]);
		expect(hooks.received[1].headers['webhook-id']).toBe(hooks.received[0].headers['webhook-id']);

		expect((await publish({ texts, services: ['web'] })).queued).toBeGreaterThanOrEqual(1);
		await sender.run();
		const message = hooks.received.at(-1)!;
		expect(
			new Webhook(created.secret!).verify(message.body, message.headers as Record<string, string>)
		).toBeTruthy();
		expect(message.verified).toMatchObject({
			type: 'notice.published',
			data: {
				cutover: { slug: cutover.slug },
				notice: { services: ['web'] },
				entry: { kind: 'published', language: 'sv', title: 'Underhållsavbrott', texts }
			}
		});
		expect(
			(
				await rejection(
					subscribe(
						ctx,
						subscribeInput.parse({ channel: 'webhook', url: hooks.url, language: 'fi' }),
						client()
					)
				)
			).status
		).toBe(409);
	});

	it('forgets those who never confirm, and shows the admin (only) counts and lists', async () => {
		newSender();
		const address = email();
		await subscribe(
			ctx,
			subscribeInput.parse({ channel: 'email', email: address, language: 'fi' }),
			client()
		);
		const summary = await subscriptionSummary(app, testAdmin);
		expect(summary.subscribers.email.unconfirmed).toBeGreaterThanOrEqual(1);
		const listed = await listSubscribers(app, testAdmin, listQuery.parse({ limit: 1000 }));
		expect(listed.items.find((s) => s.address === address)).toMatchObject({ confirmedAt: null });
		expect((await rejection(subscriptionSummary(app, testActor('operator')))).status).toBe(403);

		clock.advance(48 * 3_600_000 + 60_000);
		await sender.run();
		const after = await listSubscribers(app, testAdmin, listQuery.parse({ limit: 1000 }));
		expect(after.items.some((s) => s.address === address)).toBe(false);
	});
});
