/**
 * The form actions of a decision point, shared by its page and the steering view: a vote, a criterion's state
 * and evidence, an outcome. Thin: read the form, parse with the schema, call the one service function.
 */
import type { RequestEvent } from '@sveltejs/kit';
import {
	criterionParams,
	criterionUpdateInput,
	decisionKey,
	outcomeInput,
	voteInput,
	type OutcomeInput
} from '$lib/shared/schemas/decisions';
import { parse } from '$lib/server/errors';
import { castVote, recordOutcome, updateCriterion } from '$lib/server/decisions/decision.service';
import { field, formAction, formValues, parseForm, parsedField, signedIn } from '$lib/server/http/form';
import { clockTimes } from '$lib/server/http/wall-time';
import { getCutover } from '$lib/server/runbook/cutover-lookup';

type Event = RequestEvent<{ slug: string }>;

/** Blank optional fields are "not given". */
const orNull = (text: string) => (text.trim() === '' ? null : text);
const orUndefined = (text: string) => (text.trim() === '' ? undefined : text);

/** The decision a form is about (a hidden field), as the form's name; `parsedField` reads it for the service. */
const keyOf = (data: FormData) => decisionKey.safeParse(field(data, 'key')).data ?? field(data, 'key');
const decisionOf = (data: FormData) => parsedField(data, 'key', decisionKey);

export async function voteAction({ request, locals, params }: Event) {
	const actor = signedIn(locals);
	const data = await request.formData();
	const key = keyOf(data);
	return formAction(
		async () => {
			const input = parse(voteInput, {
				vote: field(data, 'vote'),
				comment: orUndefined(field(data, 'comment'))
			});
			const { vote } = await castVote(locals.app, actor, params.slug, decisionOf(data), input);
			return { form: `vote:${key}`, voted: vote.vote };
		},
		{ form: `vote:${key}`, values: formValues(data) }
	);
}

export async function criterionAction({ request, locals, params }: Event) {
	const actor = signedIn(locals);
	const data = await request.formData();
	const id = field(data, 'id');
	return formAction(
		async () => {
			const input = parse(criterionUpdateInput, {
				state: field(data, 'state'),
				reason: orUndefined(field(data, 'reason')),
				evidenceLink: orNull(field(data, 'evidenceLink')),
				evidenceNote: orUndefined(field(data, 'evidenceNote')),
				expectedVersion: Number(field(data, 'expectedVersion')) || undefined
			});
			const criterion = parsedField(data, 'id', criterionParams.shape.id);
			await updateCriterion(locals.app, actor, params.slug, decisionOf(data), criterion, input);
			return { form: `criterion:${id}`, savedCriterion: id };
		},
		{ form: `criterion:${id}`, values: formValues(data) }
	);
}

/** Follow-up rows: the n-th title goes with the n-th owner; rows left blank are dropped. */
function followUps(data: FormData): { title: string; owner: string }[] {
	const titles = data.getAll('followUpTitle').map(String);
	const owners = data.getAll('followUpOwner').map(String);
	return titles
		.map((title, i) => ({ title, owner: owners[i] ?? '' }))
		.filter((r) => r.title.trim() !== '' || r.owner.trim() !== '');
}

export async function outcomeAction({ request, locals, params }: Event) {
	const actor = signedIn(locals);
	const data = await request.formData();
	const key = keyOf(data);
	return formAction(
		async () => {
			const cutover = await getCutover(locals.app, actor, params.slug);
			const kind = field(data, 'kind');
			const times = clockTimes(data, cutover.timezone);
			const input: OutcomeInput = parseForm(
				outcomeInput,
				{
					kind,
					rationale: field(data, 'rationale'),
					newWindowEnd: kind === 'extend' ? times.read('newWindowEnd') : null,
					riskAccepted: kind === 'accept_risk' ? orUndefined(field(data, 'riskAccepted')) : undefined,
					followUps: kind === 'order_fixes' ? followUps(data) : [],
					supersedes: orNull(field(data, 'supersedes'))
				},
				times.issues
			);
			const recorded = await recordOutcome(locals.app, actor, params.slug, decisionOf(data), input);
			return { form: `outcome:${key}`, recorded: recorded.outcome.kind };
		},
		{ form: `outcome:${key}`, values: formValues(data) }
	);
}
