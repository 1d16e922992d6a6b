import type { Db, DbKind } from './db/client';
import type { EventBus } from './events/event-bus';

/** What every service needs: the database handle and the bus that publishes committed events. */
export interface Ctx {
	db: Db;
	dbKind: DbKind;
	bus: EventBus;
}
