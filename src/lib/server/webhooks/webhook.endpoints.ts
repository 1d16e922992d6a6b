/** The webhooks' API: endpoints that the cutover's events are sent to, their delivery logs, and test messages. */
import { z } from 'zod';
import { cutoverParams, listQuery, pageOf } from '../../shared/schemas/api';
import {
	webhookCreated,
	webhookCreateInput,
	webhookDeliveryView,
	webhookParams,
	webhookPatchInput,
	webhookView
} from '../../shared/schemas/webhooks';
import { endpoint } from '../http/endpoint';
import {
	createWebhook,
	listWebhooks,
	removeWebhook,
	sendTestMessage,
	updateWebhook,
	webhookDeliveries
} from './webhook.service';

const WEBHOOKS = '/api/v1/cutovers/{slug}/webhooks';
const EDIT = { permission: 'cutover.edit' } as const;

export const webhookApiEndpoints = [
	endpoint({
		id: 'listWebhooks',
		method: 'GET',
		path: WEBHOOKS,
		tag: 'webhooks',
		summary: "The cutover's webhook endpoints (without their secrets)",
		access: EDIT,
		params: cutoverParams,
		ok: { schema: z.object({ items: z.array(webhookView) }), description: 'Every endpoint, oldest first' },
		errors: [400, 401, 403, 404],
		handle: async ({ ctx, actor, params }) => ({ items: await listWebhooks(ctx, actor, params.slug) })
	}),
	endpoint({
		id: 'createWebhook',
		method: 'POST',
		path: WEBHOOKS,
		tag: 'webhooks',
		summary: 'Send the events of some types to a URL (Standard Webhooks); answers the secret once',
		description:
			'events: exact types (task.transitioned), prefixes (opening.*) or * for all. The endpoint is sent the events committed after it, in seq order, as a signed POST; see the README for the headers, the body, retries and disabling.',
		access: EDIT,
		params: cutoverParams,
		body: webhookCreateInput,
		idempotent: true,
		ok: { status: 201, schema: webhookCreated, description: 'Created, with its secret (shown only now)' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => createWebhook(ctx, actor, params.slug, body)
	}),
	endpoint({
		id: 'updateWebhook',
		method: 'PATCH',
		path: `${WEBHOOKS}/{id}`,
		tag: 'webhooks',
		summary: 'Change, disable or enable an endpoint',
		description: 'Enabling an endpoint golive disabled tries the message it stopped at again, then goes on.',
		access: EDIT,
		params: webhookParams,
		body: webhookPatchInput,
		ok: { schema: webhookView, description: 'The changed endpoint' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => updateWebhook(ctx, actor, params.slug, params.id, body)
	}),
	endpoint({
		id: 'removeWebhook',
		method: 'DELETE',
		path: `${WEBHOOKS}/{id}`,
		tag: 'webhooks',
		summary: 'Remove an endpoint with its delivery log',
		access: EDIT,
		params: webhookParams,
		ok: { schema: z.object({ removed: z.string() }), description: 'Removed' },
		errors: [400, 401, 403, 404],
		handle: async ({ ctx, actor, params }) => {
			await removeWebhook(ctx, actor, params.slug, params.id);
			return { removed: params.id };
		}
	}),
	endpoint({
		id: 'listWebhookDeliveries',
		method: 'GET',
		path: `${WEBHOOKS}/{id}/deliveries`,
		tag: 'webhooks',
		summary: "An endpoint's delivery log, newest attempt first",
		access: EDIT,
		params: webhookParams,
		query: listQuery,
		ok: { schema: pageOf(webhookDeliveryView), description: 'A page of attempts' },
		errors: [400, 401, 403, 404],
		handle: ({ ctx, actor, params, query }) => webhookDeliveries(ctx, actor, params.slug, params.id, query)
	}),
	endpoint({
		id: 'testWebhook',
		method: 'POST',
		path: `${WEBHOOKS}/{id}/test`,
		tag: 'webhooks',
		summary: 'Send a webhook.test message now, once, and answer how it went',
		access: EDIT,
		params: webhookParams,
		ok: { schema: webhookDeliveryView, description: 'The attempt, as the delivery log keeps it' },
		errors: [400, 401, 403, 404],
		handle: ({ ctx, actor, params }) => sendTestMessage(ctx, actor, params.slug, params.id)
	})
];
