import { describe, expect, it } from 'vitest';
import { textFor } from './rules';

const fi = { title: 'Katko', body: 'Teksti' };
const sv = { title: 'Avbrott', body: 'Text' };
const en = { title: 'Break', body: 'Text' };

describe('the language a subscriber reads', () => {
	it('is their own when the notice has it', () => {
		expect(textFor({ fi, sv, en }, 'sv')).toEqual({ lang: 'sv', text: sv });
		expect(textFor({ fi, sv, en }, 'en')).toEqual({ lang: 'en', text: en });
	});
	it('falls back in the order fi, sv, en', () => {
		expect(textFor({ sv, fi }, 'en')).toEqual({ lang: 'fi', text: fi });
		expect(textFor({ sv, en }, 'fi')).toEqual({ lang: 'sv', text: sv });
		expect(textFor({ en }, 'sv')).toEqual({ lang: 'en', text: en });
	});
	it('skips a language whose title is empty, and finds nothing in a notice without text', () => {
		expect(textFor({ fi: { title: ' ', body: 'x' }, sv }, 'fi')).toEqual({ lang: 'sv', text: sv });
		expect(textFor({}, 'fi')).toBeUndefined();
	});
});
