import type { Db, DbKind } from './db/client';
import type { TokenCache } from './auth/token-cache';
import type { EventBus } from './events/event-bus';

/** What every service needs: the database handle, the bus that publishes committed events, and the token cache. */
export interface Ctx {
	db: Db;
	dbKind: DbKind;
	bus: EventBus;
	tokens: TokenCache;
}
