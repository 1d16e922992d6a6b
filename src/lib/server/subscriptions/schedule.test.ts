import { describe, expect, it } from 'vitest';
import { RETRY_DELAYS_MS } from '../../shared/webhooks/schedule';
import { MAX_ATTEMPTS, nextAttemptAt, SendBudget } from './schedule';

describe('the send budget', () => {
	it('allows the rate a second, refills over time, and never more than one second’s worth', () => {
		const budget = new SendBudget(4, 0);
		expect(budget.available(0)).toBe(4);
		budget.spend(4);
		expect(budget.available(0)).toBe(0);
		expect(budget.waitMs(0)).toBe(250);
		// A batch waits for its whole share (at most a second's worth).
		expect(budget.waitMs(0, 100)).toBe(1000);
		expect(budget.available(500)).toBe(2);
		// A quiet hour gives no burst beyond one second's worth.
		expect(budget.available(3_600_000)).toBe(4);
	});
});

describe('retries', () => {
	it('wait longer after each failure, for hours, then give up', () => {
		expect(nextAttemptAt(1, 1000)).toBe(1000 + RETRY_DELAYS_MS[0]);
		expect(nextAttemptAt(MAX_ATTEMPTS - 1, 0)).toBe(RETRY_DELAYS_MS.at(-1));
		expect(RETRY_DELAYS_MS.reduce((a, b) => a + b)).toBeGreaterThan(10 * 3_600_000);
		expect(nextAttemptAt(MAX_ATTEMPTS, 0)).toBeNull();
	});
});
