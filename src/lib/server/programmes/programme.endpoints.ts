/** The API of programmes: create and list them, and read one with its systems, waves, templates and counts. */
import { z } from 'zod';
import { cutoverParams } from '../../shared/schemas/api';
import {
	programmeCountsView,
	programmeCreateInput,
	programmeForecastView,
	programmePart
} from '../../shared/schemas/programmes';
import { cutoverView } from '../../shared/schemas/runbook';
import { endpoint } from '../http/endpoint';
import { createProgramme, getProgramme, getProgrammeForecast, listProgrammes } from './programme.service';

export const PROGRAMMES = '/api/v1/programmes';
export const PROGRAMME = `${PROGRAMMES}/{slug}`;

export const programmeEndpoints = [
	endpoint({
		id: 'createProgramme',
		method: 'POST',
		path: PROGRAMMES,
		tag: 'programmes',
		summary: 'Create a programme',
		description:
			'A programme groups many cutovers (its waves) over months, with an inventory of the systems they move. Its window is the span of the whole programme.',
		access: { permission: 'programme.manage' },
		body: programmeCreateInput,
		idempotent: true,
		ok: { status: 201, schema: cutoverView, description: 'Created' },
		errors: [400, 401, 403, 409, 413],
		handle: ({ ctx, actor, body }) => createProgramme(ctx, actor, body)
	}),
	endpoint({
		id: 'listProgrammes',
		method: 'GET',
		path: PROGRAMMES,
		tag: 'programmes',
		summary: 'The programmes, by the start of their span',
		ok: { schema: z.object({ items: z.array(cutoverView) }), description: 'Every programme' },
		errors: [401, 403],
		handle: async ({ ctx, actor }) => ({ items: await listProgrammes(ctx, actor) })
	}),
	endpoint({
		id: 'getProgramme',
		method: 'GET',
		path: PROGRAMME,
		tag: 'programmes',
		summary: 'One programme: its systems, waves and templates, and its counts now',
		params: cutoverParams,
		ok: {
			schema: programmePart.extend({ programme: cutoverView, counts: programmeCountsView }),
			description: 'The programme'
		},
		errors: [400, 401, 403, 404],
		handle: ({ ctx, actor, params }) => getProgramme(ctx, actor, params.slug)
	}),
	endpoint({
		id: 'getProgrammeForecast',
		method: 'GET',
		path: `${PROGRAMME}/forecast`,
		tag: 'programmes',
		summary: 'When the programme will end: a P50/P90 band, and which waves drive it',
		description:
			"A Monte Carlo over the waves not yet done: each draws how late its moves finish (from the finished waves' slips, as a share of their planned length) and how long its sign-offs take (from the delays seen so far), in window order. Before any wave has finished, `basis.prior` says the draws come from a wide prior.",
		params: cutoverParams,
		ok: { schema: programmeForecastView, description: 'The forecast' },
		errors: [400, 401, 403, 404],
		handle: ({ ctx, actor, params }) => getProgrammeForecast(ctx, actor, params.slug)
	})
];
