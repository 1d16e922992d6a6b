import { json } from '@sveltejs/kit';
import { api, readJson, readParams, requireActor } from '$lib/server/http/api';
import { reportProgress } from '$lib/server/transfers/transfer.service';
import { transferParams } from '$lib/shared/schemas/api';
import { transferProgressInput } from '$lib/shared/schemas/transfers';
import type { RequestHandler } from './$types';

/** A progress report: applied once per distinct state, so a retried report is harmless without a key. */
export const POST: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const { slug, key } = readParams(event, transferParams);
		const input = await readJson(event, transferProgressInput);
		return json(await reportProgress(event.locals.app, actor, slug, key, input));
	});
