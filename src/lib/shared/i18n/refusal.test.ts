import { describe, expect, it } from 'vitest';
import { messageParams as placeholders } from './format';
import { ERROR_REASONS, LOCALES, refusalText, translator } from './index';
import { errors } from './messages/errors';

/** Params given for the other languages only, where the English words in the message's own param do not fit. */
const EXTRA_PARAMS: Partial<Record<keyof typeof errors.en, string[]>> = { unknownDependencies: ['pairs'] };

describe('the reasons of refusals', () => {
	it('are said in every language, with every placeholder filled from the params a thrower gives', () => {
		expect(ERROR_REASONS.length).toBeGreaterThan(50);
		for (const reason of ERROR_REASONS) {
			const name = reason.slice('errors.'.length) as keyof typeof errors.en;
			// The English text names the params a thrower gives; the other languages may use fewer, never others.
			const given = [...placeholders(errors.en[name]), ...(EXTRA_PARAMS[name] ?? [])];
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
