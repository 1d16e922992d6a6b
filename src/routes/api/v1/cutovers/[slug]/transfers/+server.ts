import { json } from '@sveltejs/kit';
import { api, created, readJson, readParams, requireActor } from '$lib/server/http/api';
import { idempotent } from '$lib/server/http/idempotency';
import { createTransfer, listTransfers } from '$lib/server/transfers/transfer.service';
import { cutoverParams } from '$lib/shared/schemas/api';
import { transferCreateInput } from '$lib/shared/schemas/transfers';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const { slug } = readParams(event, cutoverParams);
		return json({ items: await listTransfers(event.locals.app, actor, slug) });
	});

export const POST: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const { slug } = readParams(event, cutoverParams);
		return idempotent(event, actor, async () => {
			const input = await readJson(event, transferCreateInput);
			return created(await createTransfer(event.locals.app, actor, slug, input));
		});
	});
