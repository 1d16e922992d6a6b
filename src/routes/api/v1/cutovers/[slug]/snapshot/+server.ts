import { api, readParams, requireActor, revalidated } from '$lib/server/http/api';
import { readBoardSnapshot } from '$lib/server/board/board-snapshot';
import { cutoverParams } from '$lib/shared/schemas/api';
import type { RequestHandler } from './$types';

/**
 * The whole board at one seq; follow it with `/events?after=<seq>` (or the socket) to stay current. Its entity tag
 * names the seq, so a client asking again with If-None-Match gets a 304 until something changes.
 */
export const GET: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const { slug } = readParams(event, cutoverParams);
		const ifNoneMatch = event.request.headers.get('if-none-match');
		const { tag, snapshot } = await readBoardSnapshot(event.locals.app, actor, slug, ifNoneMatch);
		return revalidated(tag, snapshot);
	});
