/** The board snapshot's API: the whole board at one seq, made once per seq for every reader. */
import { cutoverParams } from '../../shared/schemas/api';
import { boardSnapshot } from '../../shared/schemas/events';
import { endpoint } from '../http/endpoint';
import { NOT_MODIFIED, acceptedEncoding, revalidated, revalidatedBytes } from '../http/revalidation';
import { readBoardSnapshot } from './board-snapshot';

export const boardEndpoints = [
	endpoint({
		id: 'getSnapshot',
		method: 'GET',
		path: '/api/v1/cutovers/{slug}/snapshot',
		tag: 'events',
		summary: 'The whole board at one seq',
		description:
			'Follow it with /events?after=<seq> (or the socket) to stay current. Its entity tag names the seq: ask again with If-None-Match to get a 304 until something changes.',
		params: cutoverParams,
		ok: {
			schema: boardSnapshot,
			description: 'Cutover, phases and tasks as of seq',
			more: [NOT_MODIFIED]
		},
		errors: [400, 401, 403, 404],
		handle: async ({ ctx, actor, params, headers }) => {
			const { tag, cached } = await readBoardSnapshot(
				ctx,
				actor,
				params.slug,
				headers['if-none-match'] ?? null
			);
			if (!cached) return revalidated(tag, null);
			const encoding = acceptedEncoding(headers['accept-encoding']);
			const bytes = encoding ? await cached.encoded(encoding) : cached.json();
			return revalidatedBytes(tag, { bytes, encoding });
		}
	})
];
