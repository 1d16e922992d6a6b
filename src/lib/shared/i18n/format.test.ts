import { describe, expect, it } from 'vitest';
import { formatMessage, formatNumber, messageParams } from './format';
import { LOCALES, translator, type MessageKey } from './index';
import { admin } from './messages/admin';
import { auth } from './messages/auth';
import { board } from './messages/board';
import { common } from './messages/common';
import { cutover } from './messages/cutover';
import { decisions } from './messages/decisions';
import { errors } from './messages/errors';
import { incidents } from './messages/incidents';
import { metrics } from './messages/metrics';
import { notices } from './messages/notices';
import { opening } from './messages/opening';
import { transfers } from './messages/transfers';
import { webhooks } from './messages/webhooks';

const TASKS = '{count, plural, one {# task} other {# tasks}}';

describe('messages with numbers and plurals', () => {
	it('choose the plural form each language uses for the number', () => {
		expect(formatMessage('en', TASKS, { count: 1 })).toBe('1 task');
		expect(formatMessage('en', TASKS, { count: 2 })).toBe('2 tasks');
		expect(formatMessage('en', TASKS, { count: 0 })).toBe('0 tasks');
		const fi = '{count, plural, one {# tehtävä} other {# tehtävää}}';
		expect(formatMessage('fi', fi, { count: 1 })).toBe('1 tehtävä');
		expect(formatMessage('fi', fi, { count: 5 })).toBe('5 tehtävää');
		expect(formatMessage('en', '{n, plural, =0 {none} one {# left} other {# left}}', { n: 0 })).toBe('none');
	});

	it('write numbers with each language’s grouping, in plain parameters and in plurals', () => {
		expect(formatMessage('en', TASKS, { count: 2000 })).toBe('2,000 tasks');
		expect(formatMessage('fi', '{n} riviä', { n: 12500 })).toBe(`${formatNumber('fi', 12500)} riviä`);
		expect(formatNumber('fi', 12500)).toMatch(/^12\s000?500$|^12\s500$/u);
		expect(formatNumber('sv', 1.5)).toBe('1,5');
		// Strings are left as they are: keys, names and figures formatted by the caller.
		expect(formatMessage('en', 'task {key} of {team}', { key: 'T0001', team: '2000' })).toBe(
			'task T0001 of 2000'
		);
	});

	it('leave a parameter that was not given visible, rather than guessing', () => {
		expect(formatMessage('en', `${TASKS} in {phase}`, {})).toBe(`${TASKS} in {phase}`);
	});

	it('name their parameters, plain and plural', () => {
		expect(
			messageParams(`{actor} imported {phases, plural, one {# phase} other {# phases}}, ${TASKS}`)
		).toEqual(['actor', 'phases', 'count']);
	});

	it('render in every language with one and with many, with nothing left unfilled, and never say "(s)"', () => {
		const catalog = {
			admin,
			auth,
			board,
			common,
			cutover,
			decisions,
			errors,
			incidents,
			metrics,
			notices,
			opening,
			transfers,
			webhooks
		};
		let plurals = 0;
		for (const [area, messages] of Object.entries(catalog)) {
			for (const [name, english] of Object.entries(messages.en)) {
				const key = `${area}.${name}` as MessageKey;
				for (const locale of LOCALES) {
					const text = (messages[locale] as Record<string, string>)[name];
					expect(text, `${locale} ${key}`).not.toMatch(/\((s|er|t|a|n)\)/);
					if (text.includes(', plural,')) plurals++;
					for (const count of [1, 3]) {
						const names = [...messageParams(english), ...messageParams(text)];
						const params = Object.fromEntries(names.map((p) => [p, count]));
						const shown = translator(locale)(key, params);
						expect(shown, `${locale} ${key}`).not.toMatch(/\{|\}|#/);
					}
				}
			}
		}
		expect(plurals).toBeGreaterThanOrEqual(25);
	});
});
