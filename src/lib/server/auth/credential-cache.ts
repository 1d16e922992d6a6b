import type { UserView } from '../../shared/schemas/auth';
import { concerns, type AccessChange, type CredentialOwner } from './access-change';
import type { Actor } from './actor';

/**
 * How long a looked-up credential is trusted before the database is asked again. Changes to access reach every
 * instance at once through NOTIFY (see access-change.ts); this bound only covers a notification lost with its
 * connection before the reconnect that clears everything.
 */
export const CREDENTIAL_CACHE_MS = 10_000;

/** A session or token as it resolved: who it stands for, and until when (sessions expire). */
export interface ResolvedCredential extends CredentialOwner {
	actor: Actor;
	/** The signed-in user, for sessions. */
	user: UserView | null;
	expiresAt: Date | null;
}

/**
 * Sessions and API tokens recently resolved, by the hash of their secret, so a script pushing many requests a
 * second or a socket sending commands costs no query each.
 */
export class CredentialCache {
	#entries = new Map<string, { resolved: ResolvedCredential; until: number }>();

	get(hash: string, now = Date.now()): ResolvedCredential | undefined {
		const entry = this.#entries.get(hash);
		if (!entry) return undefined;
		const expired = entry.resolved.expiresAt !== null && entry.resolved.expiresAt.getTime() <= now;
		if (entry.until > now && !expired) return entry.resolved;
		this.#entries.delete(hash);
		return undefined;
	}

	set(hash: string, resolved: ResolvedCredential, now = Date.now()): void {
		// Bounded: credentials in use are few; past this, something is guessing, and we stop caching new ones.
		if (this.#entries.size < 10_000) this.#entries.set(hash, { resolved, until: now + CREDENTIAL_CACHE_MS });
	}

	/** Forgets every credential the change concerns. */
	forget(change: AccessChange): void {
		if (change.all) return this.#entries.clear();
		for (const [hash, { resolved }] of this.#entries)
			if (concerns(change, resolved)) this.#entries.delete(hash);
	}
}
