/**
 * Commits of other instances, heard through PostgreSQL's NOTIFY. Every write notifies `golive_events` with its
 * cutover and seqs inside its own transaction (so only a commit is heard, and only once it is visible); every
 * instance listens and hands what it hears to its bus, which reads the events from the log and delivers them in
 * seq order. PGlite is one process, whose bus already has every commit: there is nothing to relay.
 */
import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../db/client';
import type { EventBus } from './event-bus';
import * as q from './event.queries';
import { log } from '../observability/log';

export const EVENTS_CHANNEL = 'golive_events';

/** Tells the other instances, at commit, that a cutover's seqs `firstSeq`..`lastSeq` exist (from bus `origin`). */
export function notifyCommitted(
	tx: Tx,
	origin: string,
	cutoverId: string,
	firstSeq: number,
	lastSeq: number
) {
	return tx.execute(
		sql`select pg_notify(${EVENTS_CHANNEL}, ${`${cutoverId} ${firstSeq} ${lastSeq} ${origin}`})`
	);
}

/** Follows other instances' commits onto `bus`, on PostgreSQL. */
export async function relayEvents(database: Database, bus: EventBus): Promise<void> {
	if (database.kind !== 'postgres') return;
	const db = database.db;
	bus.readFrom(async (cutoverId, afterSeq, uptoSeq) =>
		(await q.listEventsBetween(db, cutoverId, afterSeq, uptoSeq)).map(q.toEvent)
	);
	let listening = false;
	await database.listen(
		EVENTS_CHANNEL,
		(payload) => {
			// The origin comes last, so an instance of the version before, which reads three fields, still understands it.
			const [cutoverId, first, last, origin] = payload.split(' ');
			if (origin === bus.origin) return;
			const firstSeq = Number(first);
			const lastSeq = Number(last);
			if (cutoverId && Number.isInteger(firstSeq) && Number.isInteger(lastSeq))
				void bus.heard(cutoverId, firstSeq, lastSeq);
		},
		() => {
			// Back after a lost connection: what was committed meanwhile was not heard, so read it.
			if (listening)
				void bus
					.catchUpAll((ids) => q.lastSeqs(db, ids))
					.catch((err) => log.error({ err }, 'catching up on events failed'));
			listening = true;
		}
	);
}
