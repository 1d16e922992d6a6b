import { and, desc, eq, gt, isNull, lte, or } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import {
	cutovers,
	webhookDeliveries,
	webhookEndpoints,
	type WebhookDeliveryRow,
	type WebhookEndpointRow
} from '../db/schema';

type Q = Db | Tx;

export const listEndpoints = (db: Q, cutoverId: string): Promise<WebhookEndpointRow[]> =>
	db
		.select()
		.from(webhookEndpoints)
		.where(eq(webhookEndpoints.cutoverId, cutoverId))
		.orderBy(webhookEndpoints.createdAt, webhookEndpoints.id);

export async function endpointById(
	db: Q,
	cutoverId: string,
	id: string
): Promise<WebhookEndpointRow | undefined> {
	const [row] = await db
		.select()
		.from(webhookEndpoints)
		.where(and(eq(webhookEndpoints.cutoverId, cutoverId), eq(webhookEndpoints.id, id)));
	return row;
}

export async function insertEndpoint(
	tx: Tx,
	values: typeof webhookEndpoints.$inferInsert
): Promise<WebhookEndpointRow> {
	const [row] = await tx.insert(webhookEndpoints).values(values).returning();
	return row;
}

export async function updateEndpoint(
	db: Q,
	id: string,
	values: Partial<typeof webhookEndpoints.$inferInsert>
): Promise<WebhookEndpointRow> {
	const [row] = await db.update(webhookEndpoints).set(values).where(eq(webhookEndpoints.id, id)).returning();
	return row;
}

/** Removes an endpoint with its delivery log (it cascades). */
export async function deleteEndpoint(tx: Tx, id: string): Promise<void> {
	await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id));
}

/** An endpoint the dispatcher sends to, with its cutover's slug (the messages name it). */
export type DueEndpoint = WebhookEndpointRow & { slug: string };

/** Enabled endpoints whose cutover has events after their cursor and whose next attempt is due by `now`. */
export async function dueEndpoints(db: Q, now: Date): Promise<DueEndpoint[]> {
	const rows = await db
		.select({ endpoint: webhookEndpoints, slug: cutovers.slug })
		.from(webhookEndpoints)
		.innerJoin(cutovers, eq(cutovers.id, webhookEndpoints.cutoverId))
		.where(
			and(
				eq(webhookEndpoints.enabled, true),
				gt(cutovers.lastSeq, webhookEndpoints.cursorSeq),
				or(isNull(webhookEndpoints.nextAttemptAt), lte(webhookEndpoints.nextAttemptAt, now))
			)
		);
	return rows.map((r) => ({ ...r.endpoint, slug: r.slug }));
}

/** The endpoint is done with every event up to `seq`: its next message, if any, goes at once. */
export async function advanceCursor(db: Q, id: string, seq: number): Promise<void> {
	await db
		.update(webhookEndpoints)
		.set({ cursorSeq: seq, failedAttempts: 0, nextAttemptAt: null })
		.where(eq(webhookEndpoints.id, id));
}

/** The message at the head failed `failed` times so far and is tried again at `next`. */
export async function noteFailure(db: Q, id: string, failed: number, next: Date): Promise<void> {
	await db
		.update(webhookEndpoints)
		.set({ failedAttempts: failed, nextAttemptAt: next })
		.where(eq(webhookEndpoints.id, id));
}

export async function insertDelivery(
	db: Q,
	values: typeof webhookDeliveries.$inferInsert
): Promise<WebhookDeliveryRow> {
	const [row] = await db.insert(webhookDeliveries).values(values).returning();
	return row;
}

/** A page of an endpoint's attempts, newest first. */
export const listDeliveries = (
	db: Q,
	endpointId: string,
	limit: number,
	offset: number
): Promise<WebhookDeliveryRow[]> =>
	db
		.select()
		.from(webhookDeliveries)
		.where(eq(webhookDeliveries.endpointId, endpointId))
		.orderBy(desc(webhookDeliveries.id))
		.limit(limit)
		.offset(offset);
