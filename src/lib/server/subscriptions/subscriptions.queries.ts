import { and, count, desc, eq, isNotNull, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import {
	cutovers,
	noticeEntries,
	notices,
	services,
	subscribers,
	subscriptionDeliveries,
	type SubscriberRow,
	type SubscriptionDeliveryRow
} from '../db/schema';

type Q = Db | Tx;

/** Rows a statement wrote, as each driver tells it. */
const affected = (result: unknown): number =>
	(result as { count?: number }).count ?? (result as { affectedRows?: number }).affectedRows ?? 0;

/** A PostgreSQL array literal of values that need no quoting (ids, hex hashes). */
const arrayLiteral = (values: readonly (string | number)[]) => `{${values.join(',')}}`;

export const subscriberByAddress = async (db: Q, channel: SubscriberRow['channel'], address: string) =>
	(
		await db
			.select()
			.from(subscribers)
			.where(and(eq(subscribers.channel, channel), eq(subscribers.address, address)))
	)[0] as SubscriberRow | undefined;

export async function insertSubscriber(tx: Tx, row: typeof subscribers.$inferInsert): Promise<SubscriberRow> {
	const [inserted] = await tx.insert(subscribers).values(row).returning();
	return inserted;
}

/** A subscriber's new choices (asked again before confirming, or changed through a message's link). */
export const updateChoices = (tx: Tx, id: string, language: SubscriberRow['language'], chosen: string[]) =>
	tx.update(subscribers).set({ language, services: chosen }).where(eq(subscribers.id, id));

export const insertDelivery = (tx: Tx, row: typeof subscriptionDeliveries.$inferInsert) =>
	tx.insert(subscriptionDeliveries).values(row);

/** Whether a subscriber has a message of this kind still waiting (so asking again does not queue another). */
export async function hasPending(tx: Tx, subscriberId: string, kind: SubscriptionDeliveryRow['kind']) {
	const [row] = await tx
		.select({ id: subscriptionDeliveries.id })
		.from(subscriptionDeliveries)
		.where(
			and(
				eq(subscriptionDeliveries.subscriberId, subscriberId),
				eq(subscriptionDeliveries.kind, kind),
				eq(subscriptionDeliveries.state, 'pending')
			)
		)
		.limit(1);
	return row !== undefined;
}

/** The `slug/key` of every service of a cutover shown publicly, among those asked for. */
export async function publicServiceRefs(db: Q, refs: readonly string[]): Promise<string[]> {
	if (refs.length === 0) return [];
	const rows = await db
		.select({ ref: sql<string>`${cutovers.slug} || '/' || ${services.key}` })
		.from(services)
		.innerJoin(cutovers, eq(cutovers.id, services.cutoverId))
		.where(
			and(
				sql`coalesce((${cutovers.noticeSettings}->>'publicStatus')::boolean, false)`,
				sql`${cutovers.slug} || '/' || ${services.key} = any(${arrayLiteral(refs.map((r) => `"${r}"`))}::text[])`
			)
		);
	return rows.map((r) => r.ref);
}

/** Every service of the cutovers shown publicly, for the subscribe form. */
export const publicServices = (db: Q) =>
	db
		.select({ cutover: cutovers.name, slug: cutovers.slug, key: services.key, name: services.name })
		.from(services)
		.innerJoin(cutovers, eq(cutovers.id, services.cutoverId))
		.where(sql`coalesce((${cutovers.noticeSettings}->>'publicStatus')::boolean, false)`)
		.orderBy(cutovers.name, services.key);

/**
 * Queues a notice entry for every confirmed subscriber it reaches (none that is disabled), in one statement whatever their number: only
 * when its cutover is shown publicly; a subscriber who chose no service hears of everything, and a notice that
 * names none concerns everyone who follows a service of its cutover. An entry already queued for a subscriber is not queued again. Answers how many.
 */
export async function queueEntry(tx: Tx, entryId: number, now: Date): Promise<number> {
	const result = await tx.execute(sql`
		insert into ${subscriptionDeliveries} (subscriber_id, kind, entry_id, due_at, created_at)
		select s.id, 'notice', e.id, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
		from ${noticeEntries} e
		join ${notices} n on n.id = e.notice_id
		join ${cutovers} c on c.id = n.cutover_id
		join ${subscribers} s on s.confirmed_at is not null and s.disabled_at is null
		where e.id = ${entryId}
			and coalesce((c.notice_settings->>'publicStatus')::boolean, false)
			and (
				jsonb_array_length(s.services) = 0
				or (
					jsonb_array_length(n.services) = 0
					and exists (select 1 from jsonb_array_elements_text(s.services) r(ref) where starts_with(r.ref, c.slug || '/'))
				)
				or exists (select 1 from jsonb_array_elements_text(n.services) k(key) where s.services ? (c.slug || '/' || k.key))
			)
		on conflict (subscriber_id, entry_id) do nothing`);
	return affected(result);
}

/** A due message with what sending it needs. */
export interface ClaimedDelivery {
	delivery: SubscriptionDeliveryRow;
	subscriber: SubscriberRow;
}

/**
 * Claims due messages, oldest first, one per token hash given, skipping rows another transaction holds: each gets its
 * attempt counted, its unsubscribe token's hash (one per message), and `dueAt` moved to `claimedUntil`, so a
 * sender that dies while sending leaves it due again then, and none other takes it meanwhile.
 */
export async function claimDue(
	db: Db,
	now: Date,
	claimedUntil: Date,
	tokenHashes: readonly string[]
): Promise<ClaimedDelivery[]> {
	if (tokenHashes.length === 0) return [];
	return db.transaction(async (tx) => {
		const due = await tx
			.select({ id: subscriptionDeliveries.id })
			.from(subscriptionDeliveries)
			.where(and(eq(subscriptionDeliveries.state, 'pending'), lte(subscriptionDeliveries.dueAt, now)))
			.orderBy(subscriptionDeliveries.dueAt, subscriptionDeliveries.id)
			.limit(tokenHashes.length)
			.for('update', { skipLocked: true });
		if (due.length === 0) return [];
		const ids = due.map((d) => d.id);
		await tx.execute(sql`
			update ${subscriptionDeliveries} d
			set attempts = d.attempts + 1, due_at = ${claimedUntil.toISOString()}::timestamptz, unsubscribe_token_hash = u.hash
			from unnest(${arrayLiteral(ids)}::bigint[], ${arrayLiteral(tokenHashes.slice(0, ids.length))}::text[]) as u(id, hash)
			where d.id = u.id`);
		return tx
			.select({ delivery: subscriptionDeliveries, subscriber: subscribers })
			.from(subscriptionDeliveries)
			.innerJoin(subscribers, eq(subscribers.id, subscriptionDeliveries.subscriberId))
			.where(sql`${subscriptionDeliveries.id} = any(${arrayLiteral(ids)}::bigint[])`)
			.orderBy(subscriptionDeliveries.id);
	});
}

/** A notice entry with its notice and cutover, as a message tells of it. */
export async function entryToSend(db: Q, entryId: number) {
	const [row] = await db
		.select({
			entry: noticeEntries,
			noticeNumber: notices.number,
			noticeKind: notices.kind,
			services: notices.services,
			cutoverSlug: cutovers.slug,
			cutoverName: cutovers.name
		})
		.from(noticeEntries)
		.innerJoin(notices, eq(notices.id, noticeEntries.noticeId))
		.innerJoin(cutovers, eq(cutovers.id, notices.cutoverId))
		.where(eq(noticeEntries.id, entryId));
	return row;
}

export const markSent = (db: Q, id: number, at: Date) =>
	db
		.update(subscriptionDeliveries)
		.set({ state: 'sent', sentAt: at, lastError: null })
		.where(eq(subscriptionDeliveries.id, id));

/** A failed attempt: due again at `retryAt`, or given up (null). */
export const markFailed = (db: Q, id: number, error: string, retryAt: Date | null) =>
	db
		.update(subscriptionDeliveries)
		.set(
			retryAt
				? { lastError: error, dueAt: retryAt }
				: { lastError: error, state: 'failed', dueAt: new Date(0) }
		)
		.where(eq(subscriptionDeliveries.id, id));

export const setConfirmToken = (db: Q, subscriberId: string, hash: string) =>
	db.update(subscribers).set({ confirmTokenHash: hash }).where(eq(subscribers.id, subscriberId));

/** Confirms the subscriber whose link this is, once: undefined for an unknown or used link. */
export async function confirmByHash(tx: Tx, hash: string, at: Date): Promise<SubscriberRow | undefined> {
	const [row] = await tx
		.update(subscribers)
		.set({ confirmedAt: at, confirmTokenHash: null })
		.where(and(eq(subscribers.confirmTokenHash, hash), isNull(subscribers.confirmedAt)))
		.returning();
	return row;
}

export async function confirmById(db: Q, id: string, at: Date): Promise<void> {
	await db
		.update(subscribers)
		.set({ confirmedAt: at })
		.where(and(eq(subscribers.id, id), isNull(subscribers.confirmedAt)));
}

export async function subscriberByConfirmHash(db: Q, hash: string): Promise<SubscriberRow | undefined> {
	const [row] = await db.select().from(subscribers).where(eq(subscribers.confirmTokenHash, hash));
	return row;
}

/** The subscriber a message's unsubscribe link names. */
export async function subscriberByUnsubscribeHash(db: Q, hash: string): Promise<SubscriberRow | undefined> {
	const [row] = await db
		.select({ subscriber: subscribers })
		.from(subscriptionDeliveries)
		.innerJoin(subscribers, eq(subscribers.id, subscriptionDeliveries.subscriberId))
		.where(eq(subscriptionDeliveries.unsubscribeTokenHash, hash));
	return row?.subscriber;
}

export const deleteSubscriber = async (db: Q, id: string) =>
	affected(await db.delete(subscribers).where(eq(subscribers.id, id)));

/**
 * Disables a webhook whose message was given up, unless a message of it was delivered since `since`: it is stamped
 * with why, and its waiting messages are given up too. Undefined when it was not disabled now.
 */
export async function disableUnlessDelivered(
	tx: Tx,
	id: string,
	since: Date,
	reason: string,
	at: Date
): Promise<SubscriberRow | undefined> {
	const [row] = await tx
		.update(subscribers)
		.set({ disabledAt: at, disabledReason: reason })
		.where(
			and(
				eq(subscribers.id, id),
				isNull(subscribers.disabledAt),
				sql`not exists (select 1 from ${subscriptionDeliveries} d where d.subscriber_id = ${id} and d.state = 'sent' and d.sent_at >= ${since.toISOString()}::timestamptz)`
			)
		)
		.returning();
	if (row)
		await tx
			.update(subscriptionDeliveries)
			.set({ state: 'failed', lastError: NOT_SENT_DISABLED, dueAt: new Date(0) })
			.where(and(eq(subscriptionDeliveries.subscriberId, id), eq(subscriptionDeliveries.state, 'pending')));
	return row;
}

/** What the log says of a message given up because its subscriber was disabled. */
export const NOT_SENT_DISABLED = 'not sent: the subscriber is disabled';

/** Enables a disabled subscriber again; undefined when there is none such that is disabled. */
export async function enableSubscriber(tx: Tx, id: string): Promise<SubscriberRow | undefined> {
	const [row] = await tx
		.update(subscribers)
		.set({ disabledAt: null, disabledReason: null })
		.where(and(eq(subscribers.id, id), isNotNull(subscribers.disabledAt)))
		.returning();
	return row;
}

export async function subscriberById(db: Q, id: string): Promise<SubscriberRow | undefined> {
	const [row] = await db.select().from(subscribers).where(eq(subscribers.id, id));
	return row;
}

/** Forgets the subscribers who never confirmed within the time allowed. */
export const deleteUnconfirmedBefore = async (db: Q, before: Date) =>
	affected(
		await db
			.delete(subscribers)
			.where(and(isNull(subscribers.confirmedAt), lt(subscribers.createdAt, before)))
	);

/** How many subscribers there are by channel, confirmed or not. */
export const subscriberCounts = (db: Q) =>
	db
		.select({
			channel: subscribers.channel,
			confirmed: sql<boolean>`${subscribers.confirmedAt} is not null`,
			count: count()
		})
		.from(subscribers)
		.groupBy(subscribers.channel, sql`${subscribers.confirmedAt} is not null`);

/** How many messages there are by state. */
export const deliveryCounts = (db: Q) =>
	db
		.select({ state: subscriptionDeliveries.state, count: count() })
		.from(subscriptionDeliveries)
		.groupBy(subscriptionDeliveries.state);

/** The subscribers, newest first, a page at a time. */
export const listSubscribers = (db: Q, limit: number, offset: number) =>
	db
		.select()
		.from(subscribers)
		.orderBy(desc(subscribers.createdAt), subscribers.id)
		.limit(limit)
		.offset(offset);

/** The delivery log (or one subscriber's), newest first, with whom each message is for. */
export const listDeliveries = (db: Q, limit: number, offset: number, subscriberId?: string) =>
	db
		.select({ delivery: subscriptionDeliveries, channel: subscribers.channel, address: subscribers.address })
		.from(subscriptionDeliveries)
		.innerJoin(subscribers, eq(subscribers.id, subscriptionDeliveries.subscriberId))
		.where(subscriberId ? eq(subscriptionDeliveries.subscriberId, subscriberId) : undefined)
		.orderBy(desc(subscriptionDeliveries.id))
		.limit(limit)
		.offset(offset);
