import { json } from '@sveltejs/kit';
import { eventsAfter } from '$lib/server/events/event.service';
import { api, readParams, readQuery, requireActor } from '$lib/server/http/api';
import { findCutover } from '$lib/server/runbook/cutover-lookup';
import { cutoverParams, eventsQuery } from '$lib/shared/schemas/api';
import type { RequestHandler } from './$types';

/** The event log after `?after=<seq>`, in seq order; `lastSeq` is the newest seq, so a client knows when it is done. */
export const GET: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const { slug } = readParams(event, cutoverParams);
		const { after, limit } = readQuery(event, eventsQuery);
		const cutover = await findCutover(event.locals.app, actor, slug);
		const items = await eventsAfter(event.locals.app, cutover.id, after, limit);
		return json({ items, lastSeq: Math.max(cutover.lastSeq, items.at(-1)?.seq ?? 0) });
	});
