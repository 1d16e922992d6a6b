import type { Database } from '../db/client';
import { ACCESS_CHANNEL, parseAccessChange, type AccessChange } from './access-change';
import { CredentialCache } from './credential-cache';
import { log } from '../observability/log';

export type AccessListener = (change: AccessChange) => void;

/**
 * This instance's view of access changes: the credential cache, and whoever must act on a change (the realtime
 * layer re-checks its sockets). Changes arrive through NOTIFY from any instance or the CLI; the instance that
 * made one also applies it at once, without waiting for the round trip.
 */
export class AccessWatch {
	readonly cache = new CredentialCache();
	#listeners = new Set<AccessListener>();
	#listening = false;

	/** Follows the database's notifications; after a reconnect, anything may have changed meanwhile. */
	async start(database: Pick<Database, 'listen'>): Promise<void> {
		await database.listen(
			ACCESS_CHANNEL,
			(payload) => {
				const change = parseAccessChange(payload);
				if (change) this.apply(change);
			},
			() => {
				if (this.#listening) this.apply({ all: true });
				this.#listening = true;
			}
		);
	}

	subscribe(listener: AccessListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	apply(change: AccessChange): void {
		this.cache.forget(change);
		for (const listener of this.#listeners) {
			try {
				listener(change);
			} catch (err) {
				log.error({ err }, 'access listener failed');
			}
		}
	}
}
