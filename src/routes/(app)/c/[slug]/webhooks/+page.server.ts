import {
	formAction,
	formValues,
	loaded,
	parseForm,
	parsedField,
	requireRole,
	signedIn
} from '$lib/server/http/form';
import { getCutover } from '$lib/server/runbook/cutover-lookup';
import {
	createWebhook,
	listWebhooks,
	removeWebhook,
	sendTestMessage,
	updateWebhook,
	webhookDeliveries
} from '$lib/server/webhooks/webhook.service';
import { recordId } from '$lib/shared/schemas/common';
import { webhookCreateInput, webhookPatchInput } from '$lib/shared/schemas/webhooks';
import type { RequestEvent } from '@sveltejs/kit';
import type { Actor } from '$lib/server/auth/actor';
import type { Actions, PageServerLoad } from './$types';

/** How many of each endpoint's latest attempts the page shows (the API pages through all of them). */
const LOG_SIZE = 20;

export const load: PageServerLoad = async ({ locals, params, parent }) => {
	const { user } = await parent();
	requireRole(user.role, 'cutover.edit', 'keep webhooks');
	const actor = signedIn(locals);
	return loaded(async () => {
		const [cutover, endpoints] = await Promise.all([
			getCutover(locals.app, actor, params.slug),
			listWebhooks(locals.app, actor, params.slug)
		]);
		const logs = await Promise.all(
			endpoints.map((e) => webhookDeliveries(locals.app, actor, params.slug, e.id, { limit: LOG_SIZE }))
		);
		return { cutover, endpoints: endpoints.map((e, i) => ({ ...e, deliveries: logs[i].items })) };
	});
};

/** "task.*, opening.*" or one per line: the filters as the schema takes them. */
const filtersOf = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/** An action on one listed endpoint (its id in the form): refusals show above the list. */
const onEndpoint =
	<T extends Record<string, unknown> | void>(
		work: (app: App.Locals['app'], actor: Actor, slug: string, id: string, data: FormData) => Promise<T>
	) =>
	async ({ locals, params, request }: RequestEvent<{ slug: string }>) => {
		const data = await request.formData();
		return formAction(
			async () => {
				const id = parsedField(data, 'id', recordId);
				return work(locals.app, signedIn(locals), params.slug, id, data);
			},
			{ form: 'endpoint' }
		);
	};

export const actions: Actions = {
	add: async ({ locals, params, request }) => {
		const data = await request.formData();
		return formAction(
			async () => {
				const input = parseForm(webhookCreateInput, {
					url: data.get('url') ?? '',
					description: data.get('description') ?? '',
					events: filtersOf(String(data.get('events') ?? ''))
				});
				const created = await createWebhook(locals.app, signedIn(locals), params.slug, input);
				// The secret travels in this answer only; the page's data never holds it.
				return { form: 'add', created: { url: created.url, secret: created.secret } };
			},
			{ form: 'add', values: formValues(data) }
		);
	},
	toggle: onEndpoint((app, actor, slug, id, data) =>
		updateWebhook(app, actor, slug, id, webhookPatchInput.parse({ enabled: data.get('enabled') === 'true' }))
	),
	test: onEndpoint(async (app, actor, slug, id) => {
		const attempt = await sendTestMessage(app, actor, slug, id);
		return { form: 'test', tested: { id, outcome: attempt.outcome } };
	}),
	remove: onEndpoint((app, actor, slug, id) => removeWebhook(app, actor, slug, id))
};
