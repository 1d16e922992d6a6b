/** The opening's API: its plan, and the room's acts on it (each a recorded act with a note). */
import { cutoverParams } from '../../shared/schemas/api';
import {
	openingAdvanceInput,
	openingNoteInput,
	openingPlanInput,
	openingRestrictInput,
	openingStepBackInput,
	openingView,
	type OpeningView
} from '../../shared/schemas/opening';
import type { Actor } from '../auth/actor';
import type { Ctx } from '../context';
import { z } from 'zod';
import { endpoint } from '../http/endpoint';
import {
	advanceOpening,
	getOpening,
	holdOpening,
	liftRestriction,
	restrictPart,
	resumeOpening,
	setOpeningPlan,
	stepBackOpening
} from './opening.service';

const OPENING = '/api/v1/cutovers/{slug}/opening';
const steer = { permission: 'opening.steer' } as const;
const ok = { schema: openingView, description: 'The opening after the act' };

/** One of the room's acts: a POST with its note, by those who steer the opening, answered with the opening. */
function actEndpoint<B extends z.ZodType>(
	id: string,
	path: string,
	summary: string,
	body: B,
	act: (ctx: Ctx, actor: Actor, slug: string, input: z.output<B>) => Promise<OpeningView>
) {
	return endpoint({
		id,
		method: 'POST',
		path: `${OPENING}/${path}`,
		tag: 'opening',
		summary,
		access: steer,
		params: cutoverParams,
		body,
		idempotent: true,
		ok,
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body: input }) => act(ctx, actor, params.slug, input as z.output<B>)
	});
}

export const openingEndpoints = [
	endpoint({
		id: 'getOpening',
		method: 'GET',
		path: OPENING,
		tag: 'opening',
		summary: 'The opening: its stages, where the room has taken it, the next gate and the acts',
		params: cutoverParams,
		ok: { schema: openingView, description: 'The opening' },
		errors: [400, 401, 403, 404],
		handle: ({ ctx, actor, params }) => getOpening(ctx, actor, params.slug)
	}),
	endpoint({
		id: 'setOpeningPlan',
		method: 'PUT',
		path: `${OPENING}/plan`,
		tag: 'opening',
		summary: 'Set or replace the opening plan (stages open stay open, as many as the new plan has)',
		description:
			'A stage has a not-before time and a gate: conditions over metrics, each a figure of the window (max, avg, min or last of the readings over windowMinutes) compared with a threshold, or with a percentage of a capacity line (of: warning or critical). A gate passes only when every condition has full data that meets it: a source down, no readings, readings that stopped or do not cover the window are never a pass.',
		access: { permission: 'runbook.edit' },
		params: cutoverParams,
		body: openingPlanInput,
		ok: { schema: openingView, description: 'The opening with its new plan' },
		errors: [400, 401, 403, 404, 413],
		handle: ({ ctx, actor, params, body }) => setOpeningPlan(ctx, actor, params.slug, body)
	}),
	endpoint({
		id: 'advanceOpening',
		method: 'POST',
		path: `${OPENING}/advance`,
		tag: 'opening',
		summary: 'Open the next stage',
		description:
			'Its gate is evaluated now: one that has not passed refuses with 409 (details.gate says why) unless the request overrides it with a reason, which the log keeps with the gate as it stood. expectedStage (how many stages the caller saw open) refuses a second advance by someone who saw the same board.',
		access: steer,
		params: cutoverParams,
		body: openingAdvanceInput,
		idempotent: true,
		ok,
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => advanceOpening(ctx, actor, params.slug, body)
	}),
	actEndpoint(
		'stepBackOpening',
		'step-back',
		'Close the latest open stage',
		openingStepBackInput,
		stepBackOpening
	),
	actEndpoint(
		'holdOpening',
		'hold',
		'Hold the opening where it is (no advancing until it resumes)',
		openingNoteInput,
		holdOpening
	),
	actEndpoint('resumeOpening', 'resume', 'Resume a held opening', openingNoteInput, resumeOpening),
	actEndpoint(
		'restrictPart',
		'restrict',
		"Restrict a part of the service (one of the plan's parts)",
		openingRestrictInput,
		restrictPart
	),
	actEndpoint('liftRestriction', 'lift', "Lift a part's restriction", openingRestrictInput, liftRestriction)
];
