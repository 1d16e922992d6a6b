/** The metrics feed on a clock the test moves, in place of the app's real one for the time of a test. */
import type { App } from '../app';
import { CoalescingFeed } from '../events/coalescing-feed';
import { METRICS_EVERY_MS, publishMetrics } from '../metrics/metric.service';
import { ManualClock } from './clocks';

/** Runs `body` with the app's metrics feed on a manual clock (set to now), then puts the real feed back. */
export async function withManualMetricFeed<T>(
	app: App,
	body: (feed: CoalescingFeed, clock: ManualClock) => Promise<T>
): Promise<T> {
	const clock = new ManualClock(Date.now());
	const feed = new CoalescingFeed(
		'metric readings',
		(cutoverId, keys) => publishMetrics(app, cutoverId, keys),
		METRICS_EVERY_MS,
		clock
	);
	const held = app.metricFeed;
	app.metricFeed = feed;
	try {
		return await body(feed, clock);
	} finally {
		app.metricFeed = held;
	}
}
