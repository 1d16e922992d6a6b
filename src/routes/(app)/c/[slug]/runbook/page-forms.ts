/** What the runbook page's forms share: finding the one that failed, and keeping input after a save. */
import type { SubmitFunction } from '@sveltejs/kit';
import type { ActionData } from './$types';

/** The failure of one form on the page (its forms share the page's `form`), or null. */
export const failureOf = (form: ActionData, name: string) =>
	form?.form === name && form.message ? form : null;

/** Keeps what was typed after a save (the fresh data fills the fields) and re-enables the button. */
export const keepInput: SubmitFunction =
	() =>
	async ({ update }) =>
		update({ reset: false });
