import { describe, expect, it } from 'vitest';
import { messageParams as placeholders } from './format';
import { ERROR_REASONS, FIELD_REASONS, LOCALES, refusalText, translator } from './index';
import { errors } from './messages/errors';
import { fields } from './messages/fields';

/** Params given for the other languages only, where the English words in the message's own param do not fit. */
const EXTRA_PARAMS: Partial<Record<string, string[]>> = { 'errors.unknownDependencies': ['pairs'] };
const ENGLISH: Record<string, string> = {
	...Object.fromEntries(Object.entries(errors.en).map(([key, text]) => [`errors.${key}`, text])),
	...Object.fromEntries(Object.entries(fields.en).map(([key, text]) => [`fields.${key}`, text]))
};

describe('the reasons of refusals', () => {
	it('are said in every language, with every placeholder filled from the params a thrower gives', () => {
		expect(ERROR_REASONS.length).toBeGreaterThan(50);
		// A field's issues too: what is wrong with a field of a form, under the field.
		expect(FIELD_REASONS.length).toBeGreaterThan(40);
		for (const reason of [...ERROR_REASONS, ...FIELD_REASONS]) {
			// The English text names the params a thrower gives; the other languages may use fewer, never others.
			const given = [...placeholders(ENGLISH[reason]), ...(EXTRA_PARAMS[reason] ?? [])];
			const params = Object.fromEntries(given.map((p) => [p, `<${p}>`]));
			for (const locale of LOCALES) {
				const text = translator(locale)(reason, params);
				expect(text, `${locale} ${reason}`).not.toBe(reason);
				expect(text, `${locale} ${reason}`).not.toMatch(/\{\w+\}/);
				if (locale !== 'en') expect(text, `${locale} ${reason}`).not.toBe(translator('en')(reason, params));
			}
		}
	});

	it('are shown in the UI’s language, and a refusal without a known reason shows its message', () => {
		const refusal = {
			message: 'task B is waiting for A to finish',
			reason: 'errors.taskWaiting' as const,
			params: { key: 'B', keys: 'A' }
		};
		expect(refusalText(translator('en'), refusal)).toBe('task B is waiting for A to finish');
		expect(refusalText(translator('fi'), refusal)).toBe('tehtävä B odottaa, että A valmistuu');
		expect(refusalText(translator('sv'), refusal)).toBe('uppgiften B väntar på att A blir klar');
		expect(refusalText(translator('fi'), { message: 'owner: is required' })).toBe('owner: is required');
		// A reason this build does not know (a newer server) falls back to the English message.
		const unknown = { message: 'something new', reason: 'errors.fromTheFuture' } as never;
		expect(refusalText(translator('fi'), unknown)).toBe('something new');
	});
});
