/**
 * A cutover's webhook endpoints, kept by operators: definitions go through the one write path (`writeCutover`)
 * with an event each (never carrying the secret, which only the creating answer shows). What is sent, and when,
 * is the dispatcher's (webhook.dispatcher.ts); a test message is sent from here, at once, to one endpoint.
 */
import { randomUUID } from 'node:crypto';
import type { ListQuery } from '../../shared/schemas/api';
import type { DeliveryOutcome } from '../../shared/webhooks/schedule';
import type {
	WebhookCreated,
	WebhookCreateInput,
	WebhookDeliveryView,
	WebhookPatchInput,
	WebhookView
} from '../../shared/schemas/webhooks';
import { require, type Actor } from '../auth/actor';
import type { Ctx } from '../context';
import type { Db, Tx } from '../db/client';
import type { WebhookEndpointRow } from '../db/schema';
import { ConflictError, NotFoundError } from '../errors';
import { writeCutover } from '../events/event.service';
import { pageByOffset, type Page } from '../http/pagination';
import { findCutover } from '../runbook/cutover-lookup';
import { sendMessage, type AttemptResult, type WebhookMessage } from './send';
import { generateSecret } from './signature';
import * as q from './webhook.queries';
import { deliveryToView, endpointToView } from './views';

/** How long an attempt waits for an answer. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

const KEEP = 'keep webhooks';

async function endpointOf(db: Db | Tx, cutoverId: string, id: string): Promise<WebhookEndpointRow> {
	const row = await q.endpointById(db, cutoverId, id);
	if (!row) throw new NotFoundError({ reason: 'errors.webhookNotFound', params: { id } });
	return row;
}

/** The endpoints with their addresses: operators' business, like the rest of the cutover's configuration. */
export async function listWebhooks(ctx: Ctx, actor: Actor, slug: string): Promise<WebhookView[]> {
	require(actor, 'cutover.edit', KEEP);
	const cutover = await findCutover(ctx, actor, slug);
	return (await q.listEndpoints(ctx.db, cutover.id)).map(endpointToView);
}

/** A new endpoint, sent the events of its types committed after this one; answers its secret, this once. */
export async function createWebhook(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	input: WebhookCreateInput
): Promise<WebhookCreated> {
	require(actor, 'cutover.edit', KEEP);
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		const row = await q.insertEndpoint(w.tx, {
			cutoverId: w.cutover.id,
			...input,
			secret: generateSecret(),
			createdBy: actor.name,
			// Its own event (the next seq) is where it starts.
			cursorSeq: w.cutover.lastSeq + 1
		});
		const view = endpointToView(row);
		w.record('webhook.created', { webhook: view });
		return { ...view, secret: row.secret };
	});
	return result;
}

export async function updateWebhook(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	id: string,
	input: WebhookPatchInput
): Promise<WebhookView> {
	require(actor, 'cutover.edit', KEEP);
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		const current = await endpointOf(w.tx, w.cutover.id, id);
		if (input.expectedVersion !== undefined && input.expectedVersion !== current.version)
			throw new ConflictError({ reason: 'errors.webhookChanged' }, { webhook: endpointToView(current) });
		const { expectedVersion: _v, ...changes } = input;
		const enabling = changes.enabled === true && !current.enabled;
		const row = await q.updateEndpoint(w.tx, current.id, {
			...changes,
			...(changes.enabled === undefined ? {} : { disabledReason: changes.enabled ? null : 'manual' }),
			// Enabled again: the message it stopped at gets all its attempts again, at once.
			...(enabling ? { failedAttempts: 0, nextAttemptAt: null } : {}),
			version: current.version + 1
		});
		const view = endpointToView(row);
		w.record('webhook.updated', { webhook: view, changed: Object.keys(changes) });
		return view;
	});
	return result;
}

export async function removeWebhook(ctx: Ctx, actor: Actor, slug: string, id: string): Promise<void> {
	require(actor, 'cutover.edit', KEEP);
	await writeCutover(ctx, actor, { slug }, async (w) => {
		const current = await endpointOf(w.tx, w.cutover.id, id);
		await q.deleteEndpoint(w.tx, current.id);
		w.record('webhook.removed', { id: current.id, url: current.url });
	});
}

/** An endpoint's delivery log, newest attempt first. */
export async function webhookDeliveries(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	id: string,
	query: ListQuery
): Promise<Page<WebhookDeliveryView>> {
	require(actor, 'cutover.edit', KEEP);
	const cutover = await findCutover(ctx, actor, slug);
	const endpoint = await endpointOf(ctx.db, cutover.id, id);
	const page = await pageByOffset(query, (limit, offset) =>
		q.listDeliveries(ctx.db, endpoint.id, limit, offset)
	);
	return { items: page.items.map(deliveryToView), nextCursor: page.nextCursor };
}

/** Sends a `webhook.test` message to one endpoint now (enabled or not), once, and logs the attempt. */
export async function sendTestMessage(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	id: string
): Promise<WebhookDeliveryView> {
	require(actor, 'cutover.edit', KEEP);
	const cutover = await findCutover(ctx, actor, slug);
	const endpoint = await endpointOf(ctx.db, cutover.id, id);
	const now = ctx.clock.now();
	const message = messageOf(`msg_test_${randomUUID().replaceAll('-', '')}`, 'webhook.test', now, {
		cutover: cutover.slug,
		seq: null,
		actor: actor.name,
		payload: { endpoint: endpoint.id }
	});
	const result = await sendMessage(endpoint, message, now, WEBHOOK_TIMEOUT_MS);
	const row = await logAttempt(ctx.db, {
		endpointId: endpoint.id,
		message,
		seq: null,
		attempt: 1,
		at: now,
		result,
		outcome: result.ok ? 'delivered' : 'failed',
		nextAttemptAt: null
	});
	return deliveryToView(row);
}

/** The `data` of a message: the cutover, the event's seq (receivers drop stale ones by it) and what happened. */
export interface MessageData {
	cutover: string;
	seq: number | null;
	actor: string;
	payload: unknown;
}

/** A message as Standard Webhooks lays it out: `{ type, timestamp, data }`. */
export function messageOf(id: string, type: string, at: number, data: MessageData): WebhookMessage {
	return { id, type, body: JSON.stringify({ type, timestamp: new Date(at).toISOString(), data }) };
}

/** One attempt as the delivery log keeps it. */
export interface Attempt {
	endpointId: string;
	message: WebhookMessage;
	seq: number | null;
	attempt: number;
	at: number;
	result: AttemptResult;
	outcome: DeliveryOutcome;
	nextAttemptAt: number | null;
}

/** Writes one attempt to the delivery log. */
export function logAttempt(db: Db, a: Attempt) {
	return q.insertDelivery(db, {
		endpointId: a.endpointId,
		seq: a.seq,
		messageId: a.message.id,
		eventType: a.message.type,
		attempt: a.attempt,
		at: new Date(a.at),
		outcome: a.outcome,
		statusCode: a.result.statusCode,
		durationMs: a.result.durationMs,
		error: a.result.error,
		response: a.result.response,
		nextAttemptAt: a.nextAttemptAt === null ? null : new Date(a.nextAttemptAt)
	});
}
