/** The event log's API: what a client reads to catch up from its last seq, as the socket does. */
import { z } from 'zod';
import { cutoverParams, eventsQuery } from '../../shared/schemas/api';
import { cutoverEvent } from '../../shared/schemas/events';
import { endpoint } from '../http/endpoint';
import { findCutover } from '../runbook/cutover-lookup';
import { eventsAfter } from './event.service';

export const eventEndpoints = [
	endpoint({
		id: 'listEvents',
		method: 'GET',
		path: '/api/v1/cutovers/{slug}/events',
		tag: 'events',
		summary: 'The event log after a sequence number, in seq order',
		params: cutoverParams,
		query: eventsQuery,
		ok: {
			schema: z.object({
				items: z.array(cutoverEvent),
				lastSeq: z.number().int().meta({
					description: 'The newest seq of the cutover; more events follow while the last item is below it'
				})
			}),
			description: 'Events after ?after, oldest first'
		},
		errors: [400, 401, 403, 404],
		handle: async ({ ctx, actor, params, query }) => {
			const cutover = await findCutover(ctx, actor, params.slug);
			const items = await eventsAfter(ctx, cutover.id, query.after, query.limit);
			return { items, lastSeq: Math.max(cutover.lastSeq, items.at(-1)?.seq ?? 0) };
		}
	})
];
