import { describe, expect, it } from 'vitest';
import { systemActor } from './actor';
import { TOKEN_CACHE_MS, TokenCache } from './token-cache';

describe('TokenCache', () => {
	it('trusts a looked-up token only for TOKEN_CACHE_MS, and forgets everything on clear', () => {
		const cache = new TokenCache();
		const actor = systemActor('script');
		cache.set('h', actor, 1_000);
		expect(cache.get('h', 1_000 + TOKEN_CACHE_MS - 1)).toBe(actor);
		expect(cache.get('h', 1_000 + TOKEN_CACHE_MS)).toBeUndefined();
		cache.set('h', actor, 5_000);
		cache.clear();
		expect(cache.get('h', 5_001)).toBeUndefined();
	});
});
