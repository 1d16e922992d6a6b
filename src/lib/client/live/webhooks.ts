/**
 * Webhook endpoints on a live board: no board shows them (their page reads them from the server), so their
 * events only reach the activity feed, which the core keeps. The slice reduces them to nothing, as it must.
 */
import type { LiveSlice, Reducers } from './slices';

type WebhookEvents = 'webhook.created' | 'webhook.updated' | 'webhook.removed' | 'webhook.disabled';

export class WebhooksSlice implements LiveSlice<WebhookEvents> {
	readonly reducers: Reducers<WebhookEvents> = {
		'webhook.created': () => {},
		'webhook.updated': () => {},
		'webhook.removed': () => {},
		'webhook.disabled': () => {}
	};

	reset(): void {}
}
