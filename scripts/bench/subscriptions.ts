/**
 * Subscriptions: how long publishing a notice entry takes when it queues a delivery for each of 100,000
 * confirmed subscribers (one INSERT ... SELECT in the entry's transaction; budget under 10 s on PostgreSQL), and
 * the send rate the sender keeps against a configured one, mailing a local SMTP server.
 */
import { sql } from 'drizzle-orm';
import { performance } from 'node:perf_hooks';
import { createApp } from '../../src/lib/server/app';
import { createPostgresDatabase } from '../../src/lib/server/db/test-db';
import { createMailTransport } from '../../src/lib/server/subscriptions/mail-transport';
import { SubscriptionSender } from '../../src/lib/server/subscriptions/subscription.sender';
import { makePublic, publishEntry } from '../../src/lib/server/subscriptions/testing';
import { testCutover } from '../../src/lib/server/testing';
import { SmtpReceiver } from '../../src/lib/server/testing/smtp-receiver';

export interface SubscriptionsBenchOptions {
	subscribers: number;
	/** The configured send rate (messages a second). */
	rate: number;
	sendSeconds: number;
}

export interface SubscriptionsBenchResult {
	subscribers: number;
	queued: number;
	queueMs: number;
	rate: number;
	sent: number;
	sendSeconds: number;
	keptRate: number;
	/** The most sent in any one second of the window. */
	maxInOneSecond: number;
}

export async function runSubscriptionsBench(
	options: SubscriptionsBenchOptions
): Promise<SubscriptionsBenchResult> {
	const database = await createPostgresDatabase();
	const smtp = await new SmtpReceiver().start();
	const app = await createApp({ url: database.url });
	try {
		const cutover = await testCutover(app);
		await makePublic(app, cutover.id, ['erp']);
		await app.db.execute(sql`
			insert into subscribers (channel, address, language, services, created_at, confirmed_at)
			select 'email', 'person' || i || '@example.org', (array['fi', 'sv', 'en'])[1 + i % 3],
				case when i % 2 = 0 then '[]'::jsonb else jsonb_build_array(${cutover.slug} || '/erp') end, now(), now()
			from generate_series(1, ${options.subscribers}) i`);
		await app.db.execute(sql`analyze subscribers`);
		const texts = { fi: { title: 'Huoltokatko', body: 'Palvelu on **poissa** käytöstä.' } };
		const started = performance.now();
		const { queued } = await publishEntry(app, cutover.id, { texts, services: ['erp'] });
		const queueMs = performance.now() - started;

		const sender = new SubscriptionSender(app, {
			mail: createMailTransport(smtp.url),
			from: 'golive <status@example.org>',
			baseUrl: 'https://status.example.org',
			rate: options.rate,
			pollMs: 200
		});
		const arrivals: number[] = [];
		const at0 = performance.now();
		const count = setInterval(() => arrivals.push(smtp.received.length), 1000);
		sender.start();
		void sender.run();
		await new Promise((resolve) => setTimeout(resolve, options.sendSeconds * 1000));
		clearInterval(count);
		const seconds = (performance.now() - at0) / 1000;
		await sender.close();
		const sent = smtp.received.length;
		const perSecond = arrivals.map((n, i) => n - (i === 0 ? 0 : arrivals[i - 1]));
		return {
			subscribers: options.subscribers,
			queued,
			queueMs,
			rate: options.rate,
			sent,
			sendSeconds: seconds,
			keptRate: sent / seconds,
			maxInOneSecond: Math.max(0, ...perSecond)
		};
	} finally {
		await app.close();
		await smtp.stop();
		await database.drop();
	}
}
