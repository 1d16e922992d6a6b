/** The API of rehearsals: rehearse a cutover, and record a rehearsal's durations as the cutover's figures. */
import { z } from 'zod';
import { cutoverParams } from '../../shared/schemas/api';
import { rehearsalCreateInput, rehearsalFigures } from '../../shared/schemas/rehearsals';
import { cutoverView } from '../../shared/schemas/runbook';
import { endpoint } from '../http/endpoint';
import { createRehearsal, recordRehearsalFigures, rehearsalFigures as figuresOf } from './rehearsal.service';

const CUTOVER = '/api/v1/cutovers/{slug}';

export const rehearsalEndpoints = [
	endpoint({
		id: 'createRehearsal',
		method: 'POST',
		path: `${CUTOVER}/rehearsals`,
		tag: 'cutovers',
		summary: 'Rehearse a cutover: a new cutover in its own window with a copy of its runbook',
		description:
			"The copy carries the phases, the tasks (their not-before times moved by the difference of the windows' starts, their rehearsal figures kept) and the data transfers' definitions; it is marked as a rehearsal of this cutover. A rehearsal is not rehearsed again (409).",
		access: { permission: 'runbook.edit' },
		params: cutoverParams,
		body: rehearsalCreateInput,
		idempotent: true,
		ok: { status: 201, schema: cutoverView, description: 'The rehearsal' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => createRehearsal(ctx, actor, params.slug, body)
	}),
	endpoint({
		id: 'getRehearsalFigures',
		method: 'GET',
		path: `${CUTOVER}/rehearsal-figures`,
		tag: 'cutovers',
		summary: "A rehearsal's durations, as they would be (or were) recorded in the cutover it rehearses",
		params: cutoverParams,
		ok: { schema: rehearsalFigures, description: 'The figures per task, and the tasks that give none' },
		errors: [400, 401, 403, 404, 409],
		handle: ({ ctx, actor, params }) => figuresOf(ctx, actor, params.slug)
	}),
	endpoint({
		id: 'recordRehearsalFigures',
		method: 'POST',
		path: `${CUTOVER}/rehearsal-figures`,
		tag: 'cutovers',
		summary: "Record a rehearsal's durations as rehearsal figures of the cutover it rehearses",
		description:
			"Each task done in the rehearsal adds the minutes it took to the same task's figures in the cutover (the forecast draws its duration from them; the latest 10 are kept). Once per rehearsal: a second time is refused with 409.",
		access: { permission: 'runbook.edit' },
		params: cutoverParams,
		body: z.object({}).strict(),
		idempotent: true,
		ok: { schema: rehearsalFigures, description: 'The figures recorded' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params }) => recordRehearsalFigures(ctx, actor, params.slug)
	})
];
