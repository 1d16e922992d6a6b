/** A cutover's webhook endpoints: what operators send (definitions) and what they get (views, the delivery log). */
import { z } from 'zod';
import { fieldMessage } from '../i18n/field-issues';
import { DELIVERY_OUTCOMES, DISABLED_REASONS, EVENT_FILTER } from '../webhooks/schedule';
import { LINE_BREAKS_OR_CONTROL_CHARACTERS, isSingleLine, optionalLine, recordId, slug } from './common';

const url = z
	.string()
	.trim()
	.max(2000, fieldMessage('maxChars', { max: 2000 }))
	.refine(isSingleLine, LINE_BREAKS_OR_CONTROL_CHARACTERS)
	.url(fieldMessage('httpLink'))
	.refine((u) => /^https?:\/\//i.test(u), fieldMessage('httpLink'));

const eventFilters = z
	.array(z.string().trim().max(120).regex(EVENT_FILTER, fieldMessage('eventFilter')))
	.min(1, fieldMessage('minItems', { min: 1 }))
	.max(50, fieldMessage('maxItems', { max: 50 }));

export const webhookCreateInput = z
	.object({
		url,
		description: optionalLine(200).default(''),
		/** Event types (`task.transitioned`) and prefixes (`opening.*`, `*` for all) to send. */
		events: eventFilters
	})
	.strict();

export const webhookPatchInput = z
	.object({
		url: url.optional(),
		description: optionalLine(200),
		events: eventFilters.optional(),
		/** Enabling a disabled endpoint tries its stopped message again, then goes on in order. */
		enabled: z.boolean().optional(),
		expectedVersion: z.number().int().min(1).optional()
	})
	.strict();

export const webhookParams = z.object({ slug, id: recordId });

/** An endpoint as lists and events show it: never its secret. */
export const webhookView = z.object({
	id: z.string(),
	url: z.string(),
	description: z.string(),
	events: z.array(z.string()),
	enabled: z.boolean(),
	/** failing: disabled by golive after a message's last attempt failed; manual: by an operator. */
	disabledReason: z.enum(DISABLED_REASONS).nullable(),
	createdBy: z.string(),
	createdAt: z.string(),
	version: z.number()
});

/** What creating an endpoint answers: the endpoint and its secret, shown this once. */
export const webhookCreated = webhookView.extend({
	secret: z.string().meta({ description: 'whsec_<base64>: verify signatures with it; shown only now' })
});

/** One attempt to deliver a message. */
export const webhookDeliveryView = z.object({
	messageId: z.string(),
	/** The event's seq; null for a test message. */
	seq: z.number().nullable(),
	eventType: z.string(),
	attempt: z.number(),
	at: z.string(),
	outcome: z.enum(DELIVERY_OUTCOMES),
	statusCode: z.number().nullable(),
	durationMs: z.number(),
	error: z.string().nullable(),
	/** The response's first 500 bytes, as text. */
	response: z.string().nullable(),
	nextAttemptAt: z.string().nullable()
});

export type WebhookCreateInput = z.infer<typeof webhookCreateInput>;
export type WebhookPatchInput = z.infer<typeof webhookPatchInput>;
export type WebhookView = z.infer<typeof webhookView>;
export type WebhookCreated = z.infer<typeof webhookCreated>;
export type WebhookDeliveryView = z.infer<typeof webhookDeliveryView>;
