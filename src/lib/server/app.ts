/**
 * The process-wide app: one database handle and one event bus. Kept on a globalThis symbol because the dev
 * server, the production entry and SvelteKit's SSR bundle load this module in separate module graphs.
 */
import { openDatabase, type Database } from './db/client';
import type { Ctx } from './context';
import { env } from './env';
import { TokenCache } from './auth/token-cache';
import { EventBus } from './events/event-bus';
import { ensureSampleCutover } from './sample/sample.service';

export interface App extends Ctx {
	database: Database;
	close(): Promise<void>;
}

const KEY = Symbol.for('golive.app');
type Holder = { [KEY]?: Promise<App> };

/** Opens and migrates a database and wires the bus; used by the server and by tests (with their own DB). */
export async function createApp(options: {
	url?: string;
	dataDir?: string | null;
	sample?: boolean;
}): Promise<App> {
	const database = await openDatabase(options);
	try {
		await database.migrate();
		const app: App = {
			database,
			db: database.db,
			dbKind: database.kind,
			bus: new EventBus(),
			tokens: new TokenCache(),
			close: () => database.close()
		};
		if (options.sample) await ensureSampleCutover(app);
		return app;
	} catch (err) {
		await database.close().catch(() => {});
		throw err;
	}
}

/** The app of this process, created on first use from the environment. */
export function getApp(): Promise<App> {
	const holder = globalThis as Holder;
	if (!holder[KEY]) {
		const e = env();
		holder[KEY] = createApp({ url: e.DATABASE_URL, dataDir: e.DATA_DIR, sample: e.GOLIVE_SAMPLE }).catch(
			(err) => {
				// Never cache a failed open: the next request tries again.
				delete holder[KEY];
				throw err;
			}
		);
	}
	return holder[KEY];
}

/** Closes the process's app (on SIGTERM), so PGlite flushes cleanly and seqs never jump after a restart. */
export async function closeApp(): Promise<void> {
	const holder = globalThis as Holder;
	const pending = holder[KEY];
	delete holder[KEY];
	if (pending) await (await pending.catch(() => null))?.close();
}
