import { json } from '@sveltejs/kit';
import { matches, seqTag } from '$lib/server/board/board-snapshot';
import { api, readJson, readParams, requireActor, revalidated } from '$lib/server/http/api';
import { updateCutover } from '$lib/server/runbook/cutover.service';
import { getCutover } from '$lib/server/runbook/cutover-lookup';
import { cutoverParams } from '$lib/shared/schemas/api';
import { cutoverPatchInput } from '$lib/shared/schemas/runbook';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const { slug } = readParams(event, cutoverParams);
		const cutover = await getCutover(event.locals.app, actor, slug);
		const tag = seqTag(cutover);
		return revalidated(tag, matches(event.request.headers.get('if-none-match'), tag) ? null : cutover);
	});

export const PATCH: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const { slug } = readParams(event, cutoverParams);
		const input = await readJson(event, cutoverPatchInput);
		return json(await updateCutover(event.locals.app, actor, slug, input));
	});
