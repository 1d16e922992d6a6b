/**
 * The subscribers' sender's side of the contact messages' outbox: claim what is due, mark it sent or failed
 * (drizzle only, so the sender reaches it without the area's services).
 */
import { alias } from 'drizzle-orm/pg-core';
import { and, eq, lte, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { contactMessages, cutovers, notices, programmeSystems, type ContactMessageRow } from '../db/schema';

type Q = Db | Tx;

const wave = alias(cutovers, 'wave');

export const NOT_SENT_NO_WAVE = 'not sent: the system is in no wave any more';

/** A claimed contact message with what it tells: the system, its wave and its notice's number. */
export interface ClaimedContactMessage {
	message: ContactMessageRow;
	systemKey: string;
	systemName: string;
	agency: string;
	contactName: string;
	waveSlug: string;
	waveName: string;
	timezone: string;
	noticeNumber: number | null;
}

/**
 * Claims up to `limit` due messages (SKIP LOCKED: senders never share one), moving each past `claimedUntil` and
 * counting the attempt.
 */
export async function claimDueContactMessages(
	db: Db,
	now: Date,
	claimedUntil: Date,
	limit: number
): Promise<ClaimedContactMessage[]> {
	if (limit <= 0) return [];
	return db.transaction(async (tx) => {
		const due = await tx
			.select({ id: contactMessages.id })
			.from(contactMessages)
			.where(and(eq(contactMessages.state, 'pending'), lte(contactMessages.dueAt, now)))
			.orderBy(contactMessages.dueAt, contactMessages.id)
			.limit(limit)
			.for('update', { skipLocked: true });
		if (due.length === 0) return [];
		const ids = sql.join(
			due.map((d) => sql`${d.id}`),
			sql`, `
		);
		const claimed = await tx
			.update(contactMessages)
			.set({ attempts: sql`${contactMessages.attempts} + 1`, dueAt: claimedUntil })
			.where(sql`${contactMessages.id} in (${ids})`)
			.returning();
		const details = await tx
			.select({
				id: contactMessages.id,
				systemKey: programmeSystems.key,
				systemName: programmeSystems.name,
				agency: programmeSystems.agency,
				contactName: programmeSystems.contactName,
				waveSlug: wave.slug,
				waveName: wave.name,
				timezone: wave.timezone,
				noticeNumber: notices.number
			})
			.from(contactMessages)
			.innerJoin(programmeSystems, eq(programmeSystems.id, contactMessages.systemId))
			.innerJoin(wave, eq(wave.id, programmeSystems.waveId))
			.leftJoin(notices, eq(notices.id, programmeSystems.noticeId))
			.where(sql`${contactMessages.id} in (${ids})`);
		const byId = new Map(details.map((d) => [d.id, d]));
		const orphans = claimed.filter((m) => !byId.has(m.id)).map((m) => m.id);
		// Its system left the wave since (the wave deleted): nothing true is left to tell.
		if (orphans.length > 0)
			await tx
				.update(contactMessages)
				.set({ state: 'failed', lastError: NOT_SENT_NO_WAVE, dueAt: new Date(0) })
				.where(
					sql`${contactMessages.id} in (${sql.join(
						orphans.map((id) => sql`${id}`),
						sql`, `
					)})`
				);
		return claimed
			.filter((m) => byId.has(m.id))
			.sort((a, b) => a.id - b.id)
			.map((message) => {
				const { id: _, ...d } = byId.get(message.id)!;
				return { message, ...d };
			});
	});
}

export const markContactSent = (db: Q, id: number, at: Date) =>
	db
		.update(contactMessages)
		.set({ state: 'sent', sentAt: at, lastError: null })
		.where(eq(contactMessages.id, id));

/** A failed attempt: due again at `retryAt`, or given up (null). */
export const markContactFailed = (db: Q, id: number, error: string, retryAt: Date | null) =>
	db
		.update(contactMessages)
		.set(
			retryAt
				? { state: 'pending', lastError: error, dueAt: retryAt }
				: { state: 'failed', lastError: error, dueAt: new Date(0) }
		)
		.where(eq(contactMessages.id, id));
