/**
 * Sends the outbox (subscription_deliveries, and the programmes' contact_messages): claims due messages, sends each (mail over SMTP, webhooks signed),
 * marks it sent, and tries a failed one again after a growing wait. One instance of the cluster runs it, under a
 * lease (see app.ts); it learns of new work from the bus (a notice entry's event) and polls besides. At most
 * `rate` messages a second leave. A message is marked sent only after its send succeeded, and a claim outlives
 * its sender by `claimMs` at most: after a crash between queueing and sending, the next sender sends each
 * queued message once. A webhook whose message is given up may be disabled (see disableFailingWebhook).
 */
import type { Transporter } from 'nodemailer';
import { CONFIRM_WITHIN_MS } from '../../shared/subscriptions/rules';
import { systemClock, type Clock } from '../clock';
import type { Ctx } from '../context';
import { log } from '../observability/log';
import { Rounds } from '../rounds';
import { sendMessage } from '../webhooks/send';
import { WEBHOOK_TIMEOUT_MS } from '../webhooks/webhook.service';
import {
	confirmationMail,
	noticeMail,
	noticeWebhookBody,
	verificationWebhookBody,
	type EntryToSend,
	type Links,
	type MailTarget
} from './messages';
import {
	claimDueContactMessages,
	markContactFailed,
	markContactSent,
	type ClaimedContactMessage
} from '../programmes/contact-outbox.tx';
import { contactMail } from '../programmes/contact-mail';
import { nextAttemptAt, SendBudget } from './schedule';
import * as q from './subscriptions.queries';
import { disableFailingWebhook } from './subscription.service';
import { confirmPath, hashToken, managePath, newToken, unsubscribePath } from './tokens';

export interface SenderOptions {
	/** Mail goes out through it; null: no SMTP server is configured, and mail fails (and is retried). */
	mail: Transporter | null;
	from: string;
	/** The public base URL of the links messages carry. */
	baseUrl: string;
	/** Messages a second, at most. */
	rate: number;
	clock?: Clock;
	timeoutMs?: number;
	/** How long a claim holds a message before another sender may take it (a sender that died). */
	claimMs?: number;
	concurrency?: number;
	pollMs?: number;
}

/** Messages claimed in one statement at most. */
const BATCH = 100;

export class SubscriptionSender {
	readonly #clock: Clock;
	readonly #budget: SendBudget;
	readonly #timeoutMs: number;
	readonly #claimMs: number;
	readonly #concurrency: number;
	readonly #pollMs: number;
	#wake: unknown = null;
	readonly #rounds: Rounds;

	constructor(
		private readonly ctx: Ctx,
		private readonly options: SenderOptions
	) {
		this.#clock = options.clock ?? systemClock;
		this.#budget = new SendBudget(options.rate, this.#clock.now());
		this.#timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
		this.#claimMs = options.claimMs ?? 5 * 60_000;
		this.#concurrency = options.concurrency ?? 8;
		this.#pollMs = options.pollMs ?? 5_000;
		this.#rounds = new Rounds({
			clock: this.#clock,
			everyMs: this.#pollMs,
			round: () => this.#round(),
			failed: 'subscription round failed',
			wakeOn: {
				bus: ctx.bus,
				when: (e) => e.type === 'notice.published' || e.type === 'programme.contact_message_queued'
			}
		});
	}

	start(): this {
		this.#rounds.start();
		return this;
	}

	/**
	 * Sends what is due, as fast as the rate allows; asked while it runs, it looks once more after. The promise
	 * settles when nothing due is left or the rate holds the rest back (a timer then runs it again).
	 */
	run = (): Promise<void> => this.#rounds.run();

	async close(): Promise<void> {
		if (this.#wake !== null) this.#clock.clearTimeout(this.#wake);
		await this.#rounds.close();
	}

	/** One claim and its sends; true when more may be due now. */
	async #round(): Promise<boolean> {
		const now = this.#clock.now();
		await q.deleteUnconfirmedBefore(this.ctx.db, new Date(now - CONFIRM_WITHIN_MS));
		const allowed = Math.min(BATCH, this.#budget.available(now));
		if (allowed === 0) {
			// Woken when a whole batch may go, not for each message: a claim per message would cost more
			// round trips than the rate leaves time for.
			this.#wakeIn(this.#budget.waitMs(now, BATCH));
			return false;
		}
		const tokens = new Map(Array.from({ length: allowed }, () => newToken()).map((t) => [hashToken(t), t]));
		const claimUntil = new Date(now + this.#claimMs);
		const claimed = await q.claimDue(this.ctx.db, new Date(now), claimUntil, [...tokens.keys()]);
		const contacts = await claimDueContactMessages(
			this.ctx.db,
			new Date(now),
			claimUntil,
			allowed - claimed.length
		);
		this.#budget.spend(claimed.length + contacts.length);
		const entries = new Map<number, Promise<EntryToSend | undefined>>();
		const jobs = [
			...claimed.map((item) => () => {
				const token = tokens.get(item.delivery.unsubscribeTokenHash!)!;
				return this.#send(item, token, entries).catch((err) =>
					log.error({ err, delivery: item.delivery.id }, 'subscription delivery failed')
				);
			}),
			...contacts.map(
				(item) => () =>
					this.#sendContact(item).catch((err) =>
						log.error({ err, message: item.message.id }, 'contact message failed')
					)
			)
		];
		let next = 0;
		const worker = async () => {
			while (next < jobs.length && !this.#rounds.closed) await jobs[next++]();
		};
		await Promise.all(Array.from({ length: Math.min(this.#concurrency, jobs.length) }, worker));
		return jobs.length === allowed;
	}

	#wakeIn(ms: number): void {
		if (this.#wake !== null || this.#rounds.closed) return;
		this.#wake = this.#clock.setTimeout(() => {
			this.#wake = null;
			void this.run();
		}, ms);
	}

	async #send(
		{ delivery, subscriber }: q.ClaimedDelivery,
		unsubscribeToken: string,
		entries: Map<number, Promise<EntryToSend | undefined>>
	): Promise<void> {
		const now = this.#clock.now();
		// Disabled while this message was queued or claimed: it is given up as those waiting were.
		if (subscriber.disabledAt) {
			await q.markFailed(this.ctx.db, delivery.id, q.NOT_SENT_DISABLED, null);
			return;
		}
		const links: Links = {
			unsubscribeUrl: this.options.baseUrl + unsubscribePath(unsubscribeToken),
			manageUrl: this.options.baseUrl + managePath(unsubscribeToken)
		};
		let error: string | null;
		if (delivery.kind === 'notice' && delivery.entryId !== null) {
			let entry = entries.get(delivery.entryId);
			if (!entry) entries.set(delivery.entryId, (entry = q.entryToSend(this.ctx.db, delivery.entryId)));
			const item = await entry;
			if (!item) return; // Its notice is gone, and the delivery with it (cascade).
			error =
				subscriber.channel === 'email'
					? await this.#mail(noticeMail(this.#target(delivery.id, subscriber, links), item))
					: await this.#post(
							subscriber,
							delivery.id,
							noticeWebhookBody(item, now, links, subscriber.language),
							now
						);
		} else if (delivery.kind === 'confirm') {
			const confirmToken = newToken();
			await q.setConfirmToken(this.ctx.db, subscriber.id, hashToken(confirmToken));
			error = await this.#mail(
				confirmationMail(
					this.#target(delivery.id, subscriber, links),
					this.options.baseUrl + confirmPath(confirmToken)
				)
			);
		} else {
			error = await this.#post(
				subscriber,
				delivery.id,
				verificationWebhookBody(now, links, subscriber.language),
				now
			);
			if (error === null) await q.confirmById(this.ctx.db, subscriber.id, new Date(this.#clock.now()));
		}
		if (error === null) await q.markSent(this.ctx.db, delivery.id, new Date(this.#clock.now()));
		else {
			const retry = nextAttemptAt(delivery.attempts, this.#clock.now());
			await q.markFailed(this.ctx.db, delivery.id, error, retry === null ? null : new Date(retry));
			if (retry === null && (await disableFailingWebhook(this.ctx, subscriber, delivery, error)))
				log.warn({ subscriber: subscriber.id, error }, 'failing webhook subscriber disabled');
		}
	}

	/** A message to a system's contact person (programmes): mail only, retried as a subscriber's is. */
	async #sendContact(item: ClaimedContactMessage): Promise<void> {
		const host = new URL(this.options.baseUrl).hostname;
		const error = await this.#mail(
			contactMail(
				{
					from: this.options.from,
					baseUrl: this.options.baseUrl,
					messageId: `<contact-${item.message.id}@${host}>`
				},
				item
			)
		);
		if (error === null) await markContactSent(this.ctx.db, item.message.id, new Date(this.#clock.now()));
		else {
			const retry = nextAttemptAt(item.message.attempts, this.#clock.now());
			await markContactFailed(this.ctx.db, item.message.id, error, retry === null ? null : new Date(retry));
		}
	}

	#target(id: number, subscriber: q.ClaimedDelivery['subscriber'], links: Links): MailTarget {
		const host = new URL(this.options.baseUrl).hostname;
		return {
			from: this.options.from,
			to: subscriber.address,
			language: subscriber.language,
			...links,
			messageId: `<delivery-${id}@${host}>`
		};
	}

	/** Sends one mail; null when the SMTP server took it, else why not. */
	async #mail(message: Parameters<Transporter['sendMail']>[0]): Promise<string | null> {
		if (!this.options.mail) return 'no SMTP server is configured (GOLIVE_SMTP_URL)';
		try {
			await this.options.mail.sendMail(message);
			return null;
		} catch (err) {
			return (err instanceof Error ? err.message : String(err)).slice(0, 300);
		}
	}

	async #post(
		subscriber: q.ClaimedDelivery['subscriber'],
		deliveryId: number,
		body: string,
		now: number
	): Promise<string | null> {
		const result = await sendMessage(
			{ url: subscriber.address, secret: subscriber.secret ?? '' },
			{ id: `msg_subscription_${deliveryId}`, type: 'notice', body },
			now,
			this.#timeoutMs
		);
		return result.ok ? null : (result.error ?? 'failed');
	}
}
