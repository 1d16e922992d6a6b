import type { WebhookDeliveryView, WebhookView } from '../../shared/schemas/webhooks';
import type { WebhookDeliveryRow, WebhookEndpointRow } from '../db/schema';

export const endpointToView = (row: WebhookEndpointRow): WebhookView => ({
	id: row.id,
	url: row.url,
	description: row.description,
	events: row.events,
	enabled: row.enabled,
	disabledReason: row.disabledReason,
	createdBy: row.createdBy,
	createdAt: row.createdAt.toISOString(),
	version: row.version
});

export const deliveryToView = (row: WebhookDeliveryRow): WebhookDeliveryView => ({
	messageId: row.messageId,
	seq: row.seq,
	eventType: row.eventType,
	attempt: row.attempt,
	at: row.at.toISOString(),
	outcome: row.outcome,
	statusCode: row.statusCode,
	durationMs: row.durationMs,
	error: row.error,
	response: row.response,
	nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null
});
