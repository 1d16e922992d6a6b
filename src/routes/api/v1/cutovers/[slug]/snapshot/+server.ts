import {
	acceptedEncoding,
	api,
	readParams,
	requireActor,
	revalidated,
	revalidatedBytes
} from '$lib/server/http/api';
import { readBoardSnapshot } from '$lib/server/board/board-snapshot';
import { cutoverParams } from '$lib/shared/schemas/api';
import type { RequestHandler } from './$types';

/**
 * The whole board at one seq; follow it with `/events?after=<seq>` (or the socket) to stay current. Its entity tag
 * names the seq, so a client asking again with If-None-Match gets a 304 until something changes. The JSON and its
 * compressed forms are made once per seq, not once per request.
 */
export const GET: RequestHandler = (event) =>
	api(async () => {
		const actor = requireActor(event);
		const { slug } = readParams(event, cutoverParams);
		const ifNoneMatch = event.request.headers.get('if-none-match');
		const { tag, cached } = await readBoardSnapshot(event.locals.app, actor, slug, ifNoneMatch);
		if (!cached) return revalidated(tag, null);
		const encoding = acceptedEncoding(event.request.headers.get('accept-encoding'));
		const bytes = encoding ? await cached.encoded(encoding) : cached.json();
		return revalidatedBytes(tag, { bytes, encoding });
	});
