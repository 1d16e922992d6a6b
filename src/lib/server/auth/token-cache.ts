import type { Actor } from './actor';

/** How long a looked-up token is trusted before the database is asked again. */
export const TOKEN_CACHE_MS = 10_000;

/**
 * Tokens recently looked up, by their hash, so a script pushing many requests a second costs no query each. A
 * revoke clears it at once on this instance; other instances honour a revoke within TOKEN_CACHE_MS.
 */
export class TokenCache {
	#entries = new Map<string, { actor: Actor; until: number }>();

	get(hash: string, now = Date.now()): Actor | undefined {
		const entry = this.#entries.get(hash);
		if (!entry) return undefined;
		if (entry.until > now) return entry.actor;
		this.#entries.delete(hash);
		return undefined;
	}

	set(hash: string, actor: Actor, now = Date.now()): void {
		// Bounded: tokens are few; past this, something is guessing, and we simply stop caching new ones.
		if (this.#entries.size < 10_000) this.#entries.set(hash, { actor, until: now + TOKEN_CACHE_MS });
	}

	clear(): void {
		this.#entries.clear();
	}
}
