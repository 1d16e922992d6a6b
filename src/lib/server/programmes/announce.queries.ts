/**
 * Reads and writes of systems' downtime announcements and the contact messages they queue (drizzle only;
 * private to the area). The sender's side of the outbox is contact-outbox.tx.ts.
 */
import { alias } from 'drizzle-orm/pg-core';
import { and, asc, eq, gt, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import {
	contactMessages,
	cutovers,
	notices,
	programmeSystems,
	type ContactMessageRow,
	type ProgrammeSystemRow
} from '../db/schema';

type Q = Db | Tx;

const wave = alias(cutovers, 'wave');
const programme = alias(cutovers, 'programme');

/** Systems looked at in one round at most; the next round takes the rest. */
const ROUND = 200;

/**
 * Systems in a wave whose window starts within their programme's `announceDaysAhead` of `now` and has not
 * started, and that have no notice yet: `{ systemId, waveId }`, soonest first.
 */
export const systemsToAnnounce = (db: Q, now: Date) =>
	db
		.select({ systemId: programmeSystems.id, waveId: wave.id })
		.from(programmeSystems)
		.innerJoin(wave, eq(wave.id, programmeSystems.waveId))
		.innerJoin(programme, eq(programme.id, programmeSystems.programmeId))
		.where(
			and(
				isNull(programmeSystems.noticeId),
				isNotNull(programmeSystems.windowEnd),
				gt(programmeSystems.windowStart, now),
				lte(
					programmeSystems.windowStart,
					sql`${now.toISOString()}::timestamptz + make_interval(days => ${programme.announceDaysAhead})`
				)
			)
		)
		.orderBy(asc(programmeSystems.windowStart))
		.limit(ROUND);

/**
 * Announced systems whose window starts within `beforeMs` of `now`, not yet reminded of that window (its
 * revision): `{ systemId, waveId }`.
 */
export const systemsToRemind = (db: Q, now: Date, beforeMs: number) =>
	db
		.select({ systemId: programmeSystems.id, waveId: programmeSystems.waveId })
		.from(programmeSystems)
		.where(
			and(
				isNotNull(programmeSystems.noticeId),
				isNotNull(programmeSystems.waveId),
				gt(programmeSystems.windowStart, now),
				lte(programmeSystems.windowStart, new Date(now.getTime() + beforeMs)),
				sql`not exists (select 1 from ${contactMessages} m where m.system_id = ${programmeSystems.id}
					and m.kind = 'reminder' and m.window_revision = ${programmeSystems.windowRevision})`
			)
		)
		.orderBy(asc(programmeSystems.windowStart))
		.limit(ROUND);

/** One system by id, as a write under its wave's lock reads it again. */
export async function systemById(db: Q, systemId: string): Promise<ProgrammeSystemRow | undefined> {
	const [row] = await db.select().from(programmeSystems).where(eq(programmeSystems.id, systemId));
	return row;
}

/** The newest message queued to the system's contact for its current window revision, if any. */
export async function latestMessageOf(db: Q, systemId: string, revision: number) {
	const [row] = await db
		.select()
		.from(contactMessages)
		.where(and(eq(contactMessages.systemId, systemId), eq(contactMessages.windowRevision, revision)))
		.orderBy(sql`${contactMessages.id} desc`)
		.limit(1);
	return row as ContactMessageRow | undefined;
}

/** Queues a message; nothing when one of its kind was queued for that revision already. */
export const queueContactMessage = (tx: Tx, row: typeof contactMessages.$inferInsert) =>
	tx.insert(contactMessages).values(row).onConflictDoNothing().returning({ id: contactMessages.id });

/** The systems of one wave with their notice's number and status (null: none drafted yet), in window order. */
export const waveAnnouncements = (db: Q, waveId: string) =>
	db
		.select({
			system: programmeSystems,
			noticeNumber: notices.number,
			noticeStatus: notices.status
		})
		.from(programmeSystems)
		.leftJoin(notices, eq(notices.id, programmeSystems.noticeId))
		.where(eq(programmeSystems.waveId, waveId))
		.orderBy(asc(programmeSystems.windowStart), asc(programmeSystems.key));

/** The contact messages of one wave's systems, oldest first. */
export const waveContactMessages = (db: Q, waveId: string) =>
	db
		.select({ message: contactMessages, systemKey: programmeSystems.key })
		.from(contactMessages)
		.innerJoin(programmeSystems, eq(programmeSystems.id, contactMessages.systemId))
		.where(eq(programmeSystems.waveId, waveId))
		.orderBy(asc(contactMessages.id));

export const contactMessagesOf = (db: Q, systemId: string) =>
	db
		.select()
		.from(contactMessages)
		.where(eq(contactMessages.systemId, systemId))
		.orderBy(asc(contactMessages.id));
