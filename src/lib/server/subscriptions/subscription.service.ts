/**
 * Public subscriptions: subscribing (no account: an e-mail address confirmed by its link, or a webhook verified
 * by a 2xx to a signed message), confirming, unsubscribing by a message's link, and the admin's reading of
 * subscribers and the delivery log. Subscribers belong to no cutover, so these writes are plain transactions
 * with no event; what is sent is the sender's (subscription.sender.ts), queued in the same transactions. Acts
 * on a subscriber's state (a failing webhook disabled, an admin enabling it again) go to the audit log.
 */
import type { ListQuery } from '../../shared/schemas/api';
import type {
	SubscribeInput,
	Subscribed,
	SubscriberView,
	SubscriptionChoices,
	SubscriptionChoicesInput,
	SubscriptionDeliveriesQuery,
	SubscriptionDeliveryView,
	SubscriptionSummary
} from '../../shared/schemas/subscriptions';
import { fieldIssue } from '../../shared/i18n/field-issues';
import type { NoticeLang } from '../../shared/notices/rules';
import type { SubscriptionChannel } from '../../shared/subscriptions/rules';
import { recordAudit } from '../audit/audit.service';
import { require, systemActor, type Actor } from '../auth/actor';
import type { Ctx } from '../context';
import type { SubscriberRow, SubscriptionDeliveryRow } from '../db/schema';
import { ConflictError, NotFoundError, RateLimitedError, ValidationError } from '../errors';
import { pageByOffset, type Page } from '../http/pagination';
import { generateSecret } from '../webhooks/signature';
import * as q from './subscriptions.queries';
import { hashToken } from './tokens';

const iso = (d: Date) => d.toISOString();

export interface ServiceChoice {
	/** `cutover-slug/service-key` */
	ref: string;
	cutover: string;
	name: string;
}
const READ = 'read subscriptions';

export const subscriberToView = (row: SubscriberRow): SubscriberView => ({
	id: row.id,
	channel: row.channel,
	address: row.address,
	language: row.language,
	services: row.services,
	createdAt: iso(row.createdAt),
	confirmedAt: row.confirmedAt ? iso(row.confirmedAt) : null,
	disabledAt: row.disabledAt ? iso(row.disabledAt) : null,
	disabledReason: row.disabledReason
});

/** Every chosen service must be one a public status page shows. */
async function checkServices(ctx: Ctx, chosen: string[]): Promise<void> {
	const known = new Set(await q.publicServiceRefs(ctx.db, chosen));
	const unknown = chosen.filter((ref) => !known.has(ref));
	if (unknown.length > 0) {
		const refs = unknown.join(', ');
		throw new ValidationError({ reason: 'errors.subscriptionPublicService', params: { refs } }, [
			fieldIssue('services', 'serviceRef')
		]);
	}
}

/** The services a subscriber may choose: those of every cutover shown on the public status page. */
export async function publicServiceChoices(ctx: Ctx): Promise<ServiceChoice[]> {
	return (await q.publicServices(ctx.db)).map((s) => ({
		ref: `${s.slug}/${s.key}`,
		cutover: s.cutover,
		name: s.name
	}));
}

/**
 * Subscribes an address. An e-mail address gets a confirmation mail and nothing else until it confirms; asked
 * again before that, its choices change and one more confirmation goes (none while one still waits). A
 * confirmed address is left as it is: the answer is the same either way, so nobody learns who subscribes. A
 * webhook gets its secret now and a signed verification message; one already subscribed is refused. Requests
 * are limited per client address (`client`) and per e-mail address (see limitSubscribing).
 */
export async function subscribe(
	ctx: Ctx,
	input: SubscribeInput,
	client: string | null = null
): Promise<Subscribed> {
	await limitSubscribing(ctx, input, client);
	await checkServices(ctx, input.services);
	const address = input.channel === 'email' ? input.email : input.url;
	const now = new Date(ctx.clock.now());
	return ctx.db.transaction(async (tx) => {
		const known = await q.subscriberByAddress(tx, input.channel, address);
		if (input.channel === 'webhook') {
			if (known) throw new ConflictError({ reason: 'errors.webhookSubscribed' });
			const secret = generateSecret();
			const row = await q.insertSubscriber(tx, {
				channel: 'webhook',
				address,
				language: input.language,
				services: input.services,
				secret,
				createdAt: now
			});
			await q.insertDelivery(tx, { subscriberId: row.id, kind: 'verify', dueAt: now, createdAt: now });
			return { channel: 'webhook', secret };
		}
		if (known?.confirmedAt) return { channel: 'email', secret: null };
		const row =
			known ??
			(await q.insertSubscriber(tx, {
				channel: 'email',
				address,
				language: input.language,
				services: input.services,
				createdAt: now
			}));
		if (known) await q.updateChoices(tx, known.id, input.language, input.services);
		if (!(await q.hasPending(tx, row.id, 'confirm')))
			await q.insertDelivery(tx, { subscriberId: row.id, kind: 'confirm', dueAt: now, createdAt: now });
		return { channel: 'email', secret: null };
	});
}

/**
 * Counts a subscribe request against its client address and, for e-mail, against the address it would mail (from
 * anywhere, before anything is looked up: the answer says nothing of who subscribes). Over a limit, a 429.
 */
async function limitSubscribing(ctx: Ctx, input: SubscribeInput, client: string | null): Promise<void> {
	const keys = {
		subscribeAddress: client ?? 'local',
		// Counted by its hash: the counters outlive an unconfirmed address, which is personal data.
		...(input.channel === 'email' ? { subscribeEmail: hashToken(input.email) } : {})
	};
	const blocked = await ctx.throttle.blocked(keys);
	if (blocked) throw new RateLimitedError(blocked.retryAfterSeconds, 'errors.tooManySubscribeRequests');
	await ctx.throttle.failed(keys);
}

/** Who a link is for, as its page says it. */
export interface LinkHolder {
	channel: SubscriptionChannel;
	address: string;
	language: NoticeLang;
}

const holder = (row: SubscriberRow): LinkHolder => ({
	channel: row.channel,
	address: row.address,
	language: row.language
});
const unknownLink = () => new NotFoundError({ reason: 'errors.subscriptionLinkUnknown' });

/** The confirmation link's page: whom it confirms (refused when unknown or used). */
export async function confirmationOf(ctx: Ctx, token: string): Promise<LinkHolder> {
	const row = await q.subscriberByConfirmHash(ctx.db, hashToken(token));
	if (!row || row.confirmedAt) throw unknownLink();
	return holder(row);
}

/** Confirms a subscription by its link, once: from now on its notices are queued for it. */
export async function confirmSubscription(ctx: Ctx, token: string): Promise<LinkHolder> {
	const row = await ctx.db.transaction((tx) =>
		q.confirmByHash(tx, hashToken(token), new Date(ctx.clock.now()))
	);
	if (!row) throw unknownLink();
	return holder(row);
}

/** The unsubscribe link's page: whom it unsubscribes. */
export async function unsubscriptionOf(ctx: Ctx, token: string): Promise<LinkHolder> {
	const row = await q.subscriberByUnsubscribeHash(ctx.db, hashToken(token));
	if (!row) throw unknownLink();
	return holder(row);
}

/**
 * Unsubscribes the address a message's link names (the RFC 8058 one-click POST lands here): it is deleted with
 * its waiting messages, so nothing more is sent and the address is forgotten.
 */
export async function unsubscribe(ctx: Ctx, token: string): Promise<LinkHolder> {
	const row = await q.subscriberByUnsubscribeHash(ctx.db, hashToken(token));
	if (!row || (await q.deleteSubscriber(ctx.db, row.id)) === 0) throw unknownLink();
	return holder(row);
}

/** What a message's link manages: whom it is for and what they follow now. */
export async function choicesOf(ctx: Ctx, token: string): Promise<SubscriptionChoices> {
	const row = await q.subscriberByUnsubscribeHash(ctx.db, hashToken(token));
	if (!row) throw unknownLink();
	return choices(row);
}

/** Changes the language and services of the subscriber a message's link names (no services: all). */
export async function changeChoices(
	ctx: Ctx,
	token: string,
	input: SubscriptionChoicesInput
): Promise<SubscriptionChoices> {
	const row = await q.subscriberByUnsubscribeHash(ctx.db, hashToken(token));
	if (!row) throw unknownLink();
	await checkServices(ctx, input.services);
	await ctx.db.transaction((tx) => q.updateChoices(tx, row.id, input.language, input.services));
	return choices({ ...row, ...input });
}

const choices = (row: SubscriberRow): SubscriptionChoices => ({
	...holder(row),
	services: row.services
});

// ---- A failing webhook ----

/**
 * After a webhook's message was given up (every attempt failed, for about 17.5 hours), the webhook is disabled
 * unless a message of it was delivered since that one was queued: a receiver that takes some messages and
 * refuses one keeps the rest coming. Its waiting messages are given up with it, nothing more is queued for it,
 * and the admin sees why; an admin enables it again.
 */
export async function disableFailingWebhook(
	ctx: Ctx,
	subscriber: SubscriberRow,
	delivery: SubscriptionDeliveryRow,
	error: string
): Promise<boolean> {
	if (subscriber.channel !== 'webhook') return false;
	return ctx.db.transaction(async (tx) => {
		const at = new Date(ctx.clock.now());
		const disabled = await q.disableUnlessDelivered(tx, subscriber.id, delivery.createdAt, error, at);
		if (!disabled) return false;
		await recordAudit(tx, {
			kind: 'subscriber.disabled',
			actor: systemActor('subscriptions'),
			subject: subscriber.address,
			detail: { subscriber: subscriber.id, since: iso(delivery.createdAt), error }
		});
		return true;
	});
}

/** An admin enables a disabled subscriber again: notices published from now on are sent to it. */
export async function enableSubscriber(ctx: Ctx, actor: Actor, id: string): Promise<SubscriberView> {
	require(actor, 'users.manage', 'enable a subscriber');
	return ctx.db.transaction(async (tx) => {
		const row = await q.enableSubscriber(tx, id);
		if (!row) {
			if (await q.subscriberById(tx, id)) throw new ConflictError({ reason: 'errors.subscriberNotDisabled' });
			throw new NotFoundError({ reason: 'errors.subscriberUnknown' });
		}
		await recordAudit(tx, {
			kind: 'subscriber.enabled',
			actor,
			subject: row.address,
			detail: { subscriber: row.id }
		});
		return subscriberToView(row);
	});
}

// ---- The admin's reading ----

/**
 * Subscribers are members of the public, across every cutover: their addresses are personal data that only
 * those who manage people's access read (users.manage), not every operator of a cutover.
 */
export async function subscriptionSummary(ctx: Ctx, actor: Actor): Promise<SubscriptionSummary> {
	require(actor, 'users.manage', READ);
	const [subscribers, deliveries] = await Promise.all([q.subscriberCounts(ctx.db), q.deliveryCounts(ctx.db)]);
	const of = (channel: SubscriptionChannel, confirmed: boolean) =>
		subscribers.find((s) => s.channel === channel && s.confirmed === confirmed)?.count ?? 0;
	const state = (s: string) => deliveries.find((d) => d.state === s)?.count ?? 0;
	return {
		subscribers: {
			email: { confirmed: of('email', true), unconfirmed: of('email', false) },
			webhook: { confirmed: of('webhook', true), unconfirmed: of('webhook', false) }
		},
		deliveries: { pending: state('pending'), sent: state('sent'), failed: state('failed') }
	};
}

export async function listSubscribers(
	ctx: Ctx,
	actor: Actor,
	query: ListQuery
): Promise<Page<SubscriberView>> {
	require(actor, 'users.manage', READ);
	const page = await pageByOffset(query, (limit, offset) => q.listSubscribers(ctx.db, limit, offset));
	return { ...page, items: page.items.map(subscriberToView) };
}

export async function listSubscriptionDeliveries(
	ctx: Ctx,
	actor: Actor,
	query: SubscriptionDeliveriesQuery
): Promise<Page<SubscriptionDeliveryView>> {
	require(actor, 'users.manage', READ);
	const page = await pageByOffset(query, (limit, offset) =>
		q.listDeliveries(ctx.db, limit, offset, query.subscriber)
	);
	return {
		...page,
		items: page.items.map(({ delivery: d, channel, address }) => ({
			id: d.id,
			kind: d.kind,
			entryId: d.entryId,
			channel,
			address,
			state: d.state,
			attempts: d.attempts,
			dueAt: iso(d.dueAt),
			lastError: d.lastError,
			createdAt: iso(d.createdAt),
			sentAt: d.sentAt ? iso(d.sentAt) : null
		}))
	};
}
