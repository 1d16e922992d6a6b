/**
 * The board's one form action for the opening: each of the room's acts, sent by the opening panel's forms
 * (`act` names which), through the same services as the API. The failure names the form it came from.
 */
import { fail, isActionFailure, type RequestEvent } from '@sveltejs/kit';
import { parse, ValidationError } from '$lib/server/errors';
import { field, formAction, formValues, signedIn, type FormFailure } from '$lib/server/http/form';
import {
	advanceOpening,
	holdOpening,
	liftRestriction,
	restrictPart,
	resumeOpening,
	stepBackOpening
} from '$lib/server/opening/opening.service';
import {
	openingAdvanceInput,
	openingNoteInput,
	openingRestrictInput,
	openingStepBackInput
} from '$lib/shared/schemas/opening';

/** The stage count the panel was drawn with; text that is not a whole number is refused by the act's schema. */
const expected = (data: FormData) => {
	const text = field(data, 'expectedStage').trim();
	return text === '' ? undefined : Number(text);
};

export async function openingAction({ request, locals, params }: RequestEvent<{ slug: string }>) {
	const actor = signedIn(locals);
	const data = await request.formData();
	const act = field(data, 'act');
	const ctx = locals.app;
	const slug = params.slug;
	const note = field(data, 'note');
	const result = await formAction(
		async () => {
			switch (act) {
				case 'advance': {
					const override = data.get('overrideGate') === 'on' ? field(data, 'override') : undefined;
					const input = parse(openingAdvanceInput, { note, override, expectedStage: expected(data) });
					await advanceOpening(ctx, actor, slug, input);
					break;
				}
				case 'stepBack':
					await stepBackOpening(
						ctx,
						actor,
						slug,
						parse(openingStepBackInput, { note, expectedStage: expected(data) })
					);
					break;
				case 'hold':
					await holdOpening(ctx, actor, slug, openingNoteInput.parse({ note }));
					break;
				case 'resume':
					await resumeOpening(ctx, actor, slug, openingNoteInput.parse({ note }));
					break;
				case 'restrict':
				case 'lift': {
					const input = openingRestrictInput.parse({ part: field(data, 'part'), note });
					await (act === 'restrict' ? restrictPart : liftRestriction)(ctx, actor, slug, input);
					break;
				}
				default:
					throw new ValidationError(`unknown act "${act}"`);
			}
			return { opening: act };
		},
		{ form: `opening:${field(data, 'form')}`, values: formValues(data) }
	);
	if (!isActionFailure(result)) return result;
	return fail(result.status, { ...(result.data as unknown as FormFailure), openingError: true });
}
