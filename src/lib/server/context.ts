import type { Clock } from './clock';
import type { Db, DbKind } from './db/client';
import type { CutoverRow } from './db/schema';
import type { AccessWatch } from './auth/access-watch';
import type { BoardSnapshot } from '../shared/events';
import type { Throttle } from './auth/throttle';
import type { EventBus } from './events/event-bus';
import type { CoalescingFeed } from './events/coalescing-feed';
import type { ProgressFeed } from './transfers/progress-feed';
import type { RequestKey } from './events/request-key';

/**
 * What every service needs: the database handle, the bus that publishes committed events, the clock that stamps
 * what happens, this instance's view of access changes (with its credential cache), the counters that slow down
 * guessing, the feed that coalesces transfer progress into events, the one that does the same for metric
 * samples, and the board snapshots built so far.
 */
export interface Ctx {
	db: Db;
	dbKind: DbKind;
	/**
	 * The time the write path stamps the cutover's story with: a task's actual start and end, an event's time,
	 * decision times, a transfer report's default time. The system clock; the demo plays its catch-up on a virtual
	 * one (sample/simulator.ts). Sign-ins, sessions, limits and request keys keep to the wall clock.
	 */
	clock: Clock;
	bus: EventBus;
	access: AccessWatch;
	throttle: Throttle;
	progress: ProgressFeed;
	/** Coalesces metric samples into one `metrics.updated` per cutover a second (publishMetrics). */
	metricFeed: CoalescingFeed;
	/** Board snapshots, one per cutover and seq, shared by every reader (board/snapshot-cache.ts). */
	snapshots: Snapshots;
	/** Cutover rows by slug, dropped at every committed event (runbook/cutover-cache.ts). */
	cutovers: CutoverRows;
	/** Where this instance is in its life: `draining` once it is stopping (readiness then says not ready). */
	lifecycle: { draining: boolean };
	/** Set for one request that carries an Idempotency-Key: the write path records it with the change. */
	requestKey?: RequestKey;
}

/** A board snapshot and, on first request, its JSON and compressed JSON: each made once per seq, then shared. */
export interface CachedSnapshot {
	snapshot: BoardSnapshot;
	json(): string;
	encoded(encoding: 'gzip' | 'br'): Promise<Buffer>;
}

export interface CutoverRows {
	/** The cutover with this slug, as of its last committed event, or undefined. */
	bySlug(db: Db, slug: string): Promise<CutoverRow | undefined>;
	/** Drops a cutover's row: something about it was committed. */
	forget(cutoverId: string): void;
}

export interface Snapshots {
	/** The snapshot at `knownSeq` or later, built once per seq however many ask at once. */
	get(ctx: Pick<Ctx, 'db'>, cutoverId: string, knownSeq: number): Promise<CachedSnapshot>;
	/** Tells the cache a seq was committed, so it never serves an older board. */
	noteSeq(cutoverId: string, seq: number): void;
}
