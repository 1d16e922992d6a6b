import { redirect } from '@sveltejs/kit';
import type { Actor } from '$lib/server/auth/actor';
import { field, formAction, formValues, parseForm, signedIn } from '$lib/server/http/form';
import { clockTimes } from '$lib/server/http/wall-time';
import { cutoverCreateInput, type CutoverCreateInput } from '$lib/shared/schemas/runbook';
import { slugify } from './slugify';

/**
 * The form that creates a stream with a window (a cutover, a programme): its name, its slug (or one made from the
 * name), its zone and its window typed in that zone; created by `create`, then its page at `pathOf(slug)`. A
 * refused form keeps what was typed.
 */
export function windowFormAction(
	create: (locals: App.Locals, actor: Actor, input: CutoverCreateInput) => Promise<{ slug: string }>,
	pathOf: (slug: string) => string
) {
	return async ({ request, locals }: { request: Request; locals: App.Locals }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		const timezone = field(data, 'timezone');
		const result = await formAction(
			async () => {
				const times = clockTimes(data, timezone);
				const input = parseForm(
					cutoverCreateInput,
					{
						name: field(data, 'name'),
						slug: field(data, 'slug').trim() || slugify(field(data, 'name')),
						timezone,
						windowStart: times.read('windowStart'),
						windowEnd: times.read('windowEnd')
					},
					times.issues
				);
				return create(locals, actor, input);
			},
			{ values: formValues(data) }
		);
		if ('slug' in result) redirect(303, pathOf(result.slug));
		return result;
	};
}
