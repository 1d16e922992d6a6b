import type { Db, DbKind } from './db/client';
import type { AccessWatch } from './auth/access-watch';
import type { Throttle } from './auth/throttle';
import type { EventBus } from './events/event-bus';
import type { ProgressFeed } from './transfers/progress-feed';

/**
 * What every service needs: the database handle, the bus that publishes committed events, this instance's view
 * of access changes (with its credential cache), the counters that slow down guessing, and the feed that
 * coalesces transfer progress into events.
 */
export interface Ctx {
	db: Db;
	dbKind: DbKind;
	bus: EventBus;
	access: AccessWatch;
	throttle: Throttle;
	progress: ProgressFeed;
}
