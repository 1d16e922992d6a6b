import type { Clock } from '../clock';
import { CoalescingFeed } from '../events/coalescing-feed';

/** How often at most a cutover's boards hear of metric samples, however often they are pushed. */
export const METRICS_EVERY_MS = 1_000;

/**
 * Coalesces pushes per cutover: the timer hands the metrics that got samples to `publish` (which judges them and
 * appends one `metrics.updated`, with any breach or clearing, in one write).
 */
export class MetricFeed extends CoalescingFeed {
	constructor(
		publish: (cutoverId: string, metricKeys: string[]) => Promise<void>,
		everyMs = METRICS_EVERY_MS,
		clock?: Clock
	) {
		super('metric readings', publish, everyMs, clock);
	}
}
