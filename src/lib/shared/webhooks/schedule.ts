/**
 * Webhook delivery rules shared by the server and the page: which event types an endpoint is sent, and when a
 * failed message is tried again (for hours, as Standard Webhooks senders do).
 */

export const DELIVERY_OUTCOMES = ['delivered', 'retrying', 'failed'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/** Why an endpoint is disabled: golive gave up on one of its messages, or an operator turned it off. */
export const DISABLED_REASONS = ['failing', 'manual'] as const;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * The wait before each attempt after the first (which goes at once): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, about
 * 17.5 hours in all. After the last one fails, the endpoint is disabled.
 */
export const RETRY_DELAYS_MS = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR] as const;

/** How many attempts a message gets. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** The wait after `failed` failed attempts (1 = the first), or null when that was the last attempt. */
export function retryDelay(failed: number): number | null {
	return failed >= 1 && failed <= RETRY_DELAYS_MS.length ? RETRY_DELAYS_MS[failed - 1] : null;
}

/** An event type filter: an exact type (`task.transitioned`), a prefix (`opening.*`), or `*` (every type). */
export const EVENT_FILTER = /^(\*|[a-z][a-z_]*(\.[a-z][a-z_]*)*(\.\*)?)$/;

/** Whether an event of `type` is sent to an endpoint with these filters. */
export function matchesFilters(filters: readonly string[], type: string): boolean {
	return filters.some((f) =>
		f === '*' ? true : f.endsWith('.*') ? type.startsWith(f.slice(0, -1)) : type === f
	);
}
