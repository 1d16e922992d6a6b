import type { Db, DbKind } from './db/client';
import type { TokenCache } from './auth/token-cache';
import type { EventBus } from './events/event-bus';
import type { ProgressFeed } from './transfers/progress-feed';

/**
 * What every service needs: the database handle, the bus that publishes committed events, the token cache,
 * and the feed that coalesces transfer progress into events.
 */
export interface Ctx {
	db: Db;
	dbKind: DbKind;
	bus: EventBus;
	tokens: TokenCache;
	progress: ProgressFeed;
}
