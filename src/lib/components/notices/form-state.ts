/** What a notices page's forms read back from a form action: the failure or result of one form, and its values. */
import {
	fieldErrorTexts,
	refusalText,
	type FieldIssue,
	type RefusalMessage,
	type Translate
} from '$lib/shared/i18n';

export type FormAnswer = Partial<RefusalMessage> & {
	form?: string | null;
	issues?: FieldIssue[];
	values?: Record<string, string>;
	saved?: string;
	filled?: boolean;
};

/** The answer when it is `form`'s, else null. */
export const answerOf = (pageForm: unknown, form: string): FormAnswer | null => {
	const answer = pageForm as FormAnswer | null;
	return answer?.form === form ? answer : null;
};

/** The answer when it is `form`'s failure (it has a message), else null. */
export const failureOf = (pageForm: unknown, form: string): FormAnswer | null => {
	const answer = answerOf(pageForm, form);
	return answer?.message ? answer : null;
};

/**
 * Each field's error text, by field name: a top-level field by its name, a nested one (`maintenance.startsAt`)
 * by its full path too.
 */
export function errorTexts(t: Translate, issues: readonly FieldIssue[] | undefined): Record<string, string> {
	const texts = fieldErrorTexts(t, issues);
	for (const issue of issues ?? [])
		if (issue.path.includes('.')) {
			const text = refusalText(t, issue);
			texts[issue.path] = texts[issue.path] ? `${texts[issue.path]}; ${text}` : text;
		}
	return texts;
}
