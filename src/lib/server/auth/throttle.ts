/**
 * Slows down guessing: failed sign-ins per account, per account and address, and per address, and failed API
 * tokens per address. It also limits the public's subscribe requests, each counted as a failure is. The counters live in PostgreSQL (the `rate_limits` table), so they hold across instances
 * and restarts; the rate limiter library keeps each counter in one atomic statement.
 */
import { and, gt, like, lt, or } from 'drizzle-orm';
import { RateLimiterDrizzle } from 'rate-limiter-flexible';
import { systemClock, type Clock } from '../clock';
import type { Db } from '../db/client';
import { rateLimits } from '../db/schema';
import { log } from '../observability/log';

const MINUTE = 60;
/** Counters expired over an hour ago are deleted this often (as the library would). */
const CLEANUP_EVERY_MS = 5 * 60_000;
const EXPIRED_KEPT_MS = 60 * 60_000;

/** One kind of counter: `limit` failures within `windowSeconds` block the key for `blockSeconds`. */
interface Rule {
	prefix: string;
	limit: number;
	windowSeconds: number;
	blockSeconds: number;
}

/**
 * The rules, chosen for a situation room: many people behind one address sign in at once, so the address may
 * fail far more often than an account; a person who mistypes a few times waits minutes, not hours.
 */
export const THROTTLE_RULES = {
	/** Consecutive failures of one account from one address (a success resets it). */
	signInPair: { prefix: 'signin-pair', limit: 5, windowSeconds: 15 * MINUTE, blockSeconds: 15 * MINUTE },
	/** Failures of one account from anywhere: guessing spread over many addresses. */
	signInAccount: {
		prefix: 'signin-account',
		limit: 20,
		windowSeconds: 60 * MINUTE,
		blockSeconds: 30 * MINUTE
	},
	/** Failures from one address, whatever the account. */
	signInAddress: {
		prefix: 'signin-address',
		limit: 100,
		windowSeconds: 60 * MINUTE,
		blockSeconds: 60 * MINUTE
	},
	/** Unknown or revoked API tokens from one address. */
	tokenAddress: { prefix: 'token-address', limit: 20, windowSeconds: MINUTE, blockSeconds: 5 * MINUTE },
	/**
	 * Subscribe requests from one address: room for an office behind one address subscribing during an
	 * outage, not for a script filling the table or mailing strangers.
	 */
	subscribeAddress: {
		prefix: 'subscribe-address',
		limit: 30,
		windowSeconds: 60 * MINUTE,
		blockSeconds: 60 * MINUTE
	},
	/**
	 * Subscribe requests for one e-mail address, from anywhere: each may mail it a confirmation link, so a
	 * stranger's inbox gets a handful a day at most, whatever the number of addresses asking.
	 */
	subscribeEmail: {
		prefix: 'subscribe-email',
		limit: 5,
		windowSeconds: 24 * 60 * MINUTE,
		blockSeconds: 24 * 60 * MINUTE
	}
} as const satisfies Record<string, Rule>;

export type ThrottleScope = keyof typeof THROTTLE_RULES;

/** A refusal to try again yet, with how long to wait. */
export interface Blocked {
	scope: ThrottleScope;
	retryAfterSeconds: number;
}

/** A block found in the database is trusted this long without asking again (a flood costs no query each). */
const MEMO_MS = 10_000;

export class Throttle {
	#limiters: Record<ThrottleScope, RateLimiterDrizzle>;
	#memo = new Map<string, { until: number; blockedUntil: number }>();

	#db: Db;
	#clock: Clock;
	#cleanup: unknown;

	constructor(db: Db, clock: Clock = systemClock) {
		this.#db = db;
		this.#clock = clock;
		const limiter = (rule: Rule) =>
			new RateLimiterDrizzle({
				storeClient: db,
				schema: rateLimits,
				keyPrefix: rule.prefix,
				points: rule.limit,
				duration: rule.windowSeconds,
				// One cleanup for all of them, stopped with the app (the library's own timers outlive a closed database).
				clearExpiredByTimeout: false
			});
		this.#cleanup = clock.setInterval(() => void this.clearExpired(), CLEANUP_EVERY_MS);
		this.#limiters = {
			signInPair: limiter(THROTTLE_RULES.signInPair),
			signInAccount: limiter(THROTTLE_RULES.signInAccount),
			signInAddress: limiter(THROTTLE_RULES.signInAddress),
			tokenAddress: limiter(THROTTLE_RULES.tokenAddress),
			subscribeAddress: limiter(THROTTLE_RULES.subscribeAddress),
			subscribeEmail: limiter(THROTTLE_RULES.subscribeEmail)
		};
	}

	/** The first of the keys that is blocked now, if any. */
	async blocked(keys: Partial<Record<ThrottleScope, string>>): Promise<Blocked | null> {
		const now = Date.now();
		for (const [scope, key] of Object.entries(keys) as [ThrottleScope, string][]) {
			const memo = this.#memo.get(`${scope}:${key}`);
			if (memo && memo.until > now) return blockedFor(scope, memo.blockedUntil - now);
			const res = await this.#limiters[scope].get(key);
			if (res && res.consumedPoints >= THROTTLE_RULES[scope].limit) {
				if (this.#memo.size > 10_000) this.#memo.clear();
				const blockedUntil = now + res.msBeforeNext;
				this.#memo.set(`${scope}:${key}`, { blockedUntil, until: Math.min(now + MEMO_MS, blockedUntil) });
				return blockedFor(scope, res.msBeforeNext);
			}
		}
		return null;
	}

	/** Counts a failure against each key; returns the scopes this failure just locked. */
	async failed(keys: Partial<Record<ThrottleScope, string>>): Promise<Blocked[]> {
		const locked: Blocked[] = [];
		for (const [scope, key] of Object.entries(keys) as [ThrottleScope, string][]) {
			const rule = THROTTLE_RULES[scope];
			const res = await this.#limiters[scope].penalty(key, 1);
			if (res.consumedPoints === rule.limit) {
				await this.#limiters[scope].block(key, rule.blockSeconds);
				locked.push({ scope, retryAfterSeconds: rule.blockSeconds });
			}
		}
		return locked;
	}

	/** Forgets a key's failures (a successful sign-in resets its consecutive count). */
	async reset(scope: ThrottleScope, key: string): Promise<void> {
		this.#memo.delete(`${scope}:${key}`);
		await this.#limiters[scope].delete(key);
	}

	/** Accounts whose password sign-in is locked now, from anywhere or from some address. */
	async lockedUsernames(): Promise<string[]> {
		const { signInAccount: account, signInPair: pair } = THROTTLE_RULES;
		const rows = await this.#db
			.select({ key: rateLimits.key, points: rateLimits.points })
			.from(rateLimits)
			.where(
				and(
					gt(rateLimits.expire, new Date()),
					or(like(rateLimits.key, `${account.prefix}:%`), like(rateLimits.key, `${pair.prefix}:%`))
				)
			);
		const names = new Set<string>();
		for (const { key, points } of rows) {
			const [prefix, rest] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
			const rule = prefix === account.prefix ? account : pair;
			if (points < rule.limit) continue;
			names.add(prefix === account.prefix ? rest : rest.slice(0, rest.lastIndexOf('|')));
		}
		return [...names].sort();
	}

	/** Lifts an account's lock (an admin vouched for its owner): its own count and its count from every address. */
	async unlockAccount(username: string): Promise<void> {
		this.#memo.clear();
		await this.#limiters.signInAccount.delete(username);
		const pairs = `${THROTTLE_RULES.signInPair.prefix}:${pairKey(username, '')}`;
		await this.#db.delete(rateLimits).where(like(rateLimits.key, `${escapeLike(pairs)}%`));
	}
	/** Deletes counters that expired over an hour ago; a failure (the database away) is tried again next time. */
	async clearExpired(): Promise<void> {
		const before = new Date(this.#clock.now() - EXPIRED_KEPT_MS);
		await this.#db
			.delete(rateLimits)
			.where(lt(rateLimits.expire, before))
			.catch((err: unknown) => log.warn({ err }, 'clearing expired sign-in counters failed'));
	}

	close(): void {
		this.#clock.clearInterval(this.#cleanup);
	}
}

function blockedFor(scope: ThrottleScope, ms: number): Blocked {
	return { scope, retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) };
}

/** The key of one account from one address. */
export const pairKey = (username: string, address: string) => `${username}|${address}`;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
