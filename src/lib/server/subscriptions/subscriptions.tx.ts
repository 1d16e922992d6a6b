/** What the subscriptions area does inside another area's transaction. */
import type { Tx } from '../db/client';
import { queueEntry } from './subscriptions.queries';

/**
 * Queues a notice entry (a first publication, an update, a correction, a withdrawal) for every confirmed
 * subscriber it reaches, in the transaction that writes the entry: one statement however many subscribers, and
 * never twice for one subscriber. Nothing when the entry's cutover is not shown publicly. Answers how many.
 */
export const queueNoticeDeliveries = (tx: Tx, entryId: number, now: Date): Promise<number> =>
	queueEntry(tx, entryId, now);
