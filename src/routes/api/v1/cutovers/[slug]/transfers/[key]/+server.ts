import { json } from '@sveltejs/kit';
import { api, readJson, readParams, requireActor } from '$lib/server/http/api';
import { getTransfer, updateTransfer } from '$lib/server/transfers/transfer.service';
import { transferParams } from '$lib/shared/schemas/api';
import { transferPatchInput } from '$lib/shared/schemas/transfers';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const { slug, key } = readParams(event, transferParams);
		return json(await getTransfer(event.locals.app, actor, slug, key));
	});

export const PATCH: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const { slug, key } = readParams(event, transferParams);
		const input = await readJson(event, transferPatchInput);
		return json(await updateTransfer(event.locals.app, actor, slug, key, input));
	});
