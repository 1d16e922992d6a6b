import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loginInput, password } from './auth';
import { isoInstant, line, optionalLine, optionalText, text } from './common';

/** Never in single-line text: every C0 control (tab and newline too), DEL, and the line and paragraph separators. */
const forbiddenInLine = (c: number) => c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029;
/** Never in stored multi-line text: the C0 controls but newline and tab (a carriage return is normalised), DEL. */
const forbiddenInText = (c: number) => (c < 0x20 && c !== 0x0a && c !== 0x09) || c === 0x7f;
const codes = (s: string) => [...s].map((ch) => ch.codePointAt(0)!);

const CONTROLS = [
	...Array.from({ length: 0x20 }, (_, c) => String.fromCharCode(c)),
	'\u007f',
	'\u2028',
	'\u2029',
	'\r\n'
];
/** Any text, with control characters, separators and line breaks mixed in often. */
const anyText = fc.string({
	unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom(...CONTROLS)),
	maxLength: 40
});
/** What people write in Finnish and Swedish: letters with diacritics, digits, punctuation, spaces. */
const WORDS = [
	'Tietokannan',
	'siirto',
	'äöå',
	'ÄÖÅ',
	'Överföring',
	'kör',
	'€',
	'”lainaus”',
	'–',
	'10:30',
	'(vaihe 2)',
	'ok!'
];
const ordinaryLine = fc
	.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 8 })
	.map((w) => w.join(' '));
const ordinaryText = fc
	.array(fc.tuple(ordinaryLine, fc.constantFrom('\n', '\n\t', '\n\n', ' \t')), { minLength: 1, maxLength: 5 })
	.map((rows) => rows.map(([row, sep]) => row + sep).join('') + 'loppu');

describe('single-line text', () => {
	it('never accepts a control character, DEL or a line separator', () => {
		fc.assert(
			fc.property(anyText, (s) => {
				for (const schema of [line(100), optionalLine(100)]) {
					const result = schema.safeParse(s);
					if (result.success) expect(codes(result.data ?? '').some(forbiddenInLine)).toBe(false);
					// Only what trimming takes off the ends may have been there.
					else if (s.trim() !== '' && s.trim().length <= 100)
						expect(codes(s.trim()).some(forbiddenInLine)).toBe(true);
				}
			})
		);
	});

	it('accepts ordinary Finnish and Swedish text unchanged', () => {
		fc.assert(
			fc.property(ordinaryLine, (s) => {
				expect(line(200).parse(s)).toBe(s);
				expect(optionalLine(200).parse(s)).toBe(s);
			})
		);
	});

	it('says what is wrong with the field', () => {
		const result = line(80).safeParse('Export\u0000customers');
		expect(result.error?.issues.map((i) => i.message)).toEqual([
			'must not contain control characters or line breaks'
		]);
		expect(line(80).safeParse('two\nlines').success).toBe(false);
		expect(line(80).safeParse('a\ttab').success).toBe(false);
		expect(line(80).safeParse('U+2028\u2028here').success).toBe(false);
		// What trimming takes off is not refused.
		expect(line(80).parse('  Export customers\n')).toBe('Export customers');
	});
});

describe('multi-line text', () => {
	it('never keeps a control character but newline and tab, nor a carriage return', () => {
		fc.assert(
			fc.property(anyText, (s) => {
				for (const schema of [text(100), optionalText(100)]) {
					const result = schema.safeParse(s);
					if (!result.success) continue;
					const kept = result.data ?? '';
					expect(codes(kept).some(forbiddenInText)).toBe(false);
					expect(kept).not.toMatch(/[\r\u2028\u2029]/);
				}
			})
		);
	});

	it('refuses exactly the text that has another control character', () => {
		fc.assert(
			fc.property(anyText, (s) => {
				const result = optionalText(1000).safeParse(s);
				// Judged after line breaks are normalised and the ends trimmed, as the stored text is.
				const kept = s.replace(/\r\n?|[\u2028\u2029]/g, '\n').trim();
				expect(result.success).toBe(!codes(kept).some(forbiddenInText));
			})
		);
	});

	it('accepts ordinary Finnish and Swedish text with newlines and tabs unchanged', () => {
		fc.assert(
			fc.property(ordinaryText, (s) => {
				expect(text(4000).parse(s)).toBe(s);
				expect(optionalText(4000).parse(s)).toBe(s);
			})
		);
	});

	it('normalises every line break to a newline', () => {
		expect(optionalText(100).parse('yksi\r\nkaksi\rkolme\u2028neljä\u2029viisi')).toBe(
			'yksi\nkaksi\nkolme\nneljä\nviisi'
		);
		expect(text(100).parse('\r\nrivi\r\n')).toBe('rivi');
	});

	it('says what is wrong with the field', () => {
		expect(
			optionalText(100)
				.safeParse('note\u0000')
				.error?.issues.map((i) => i.message)
		).toEqual(['must not contain control characters']);
		expect(text(100).safeParse('bell\u0007').success).toBe(false);
		expect(text(100).safeParse('del\u007f').success).toBe(false);
		expect(
			text(100)
				.safeParse('  ')
				.error?.issues.map((i) => i.message)
		).toEqual(['is required']);
	});
});

describe('passwords', () => {
	it('take any printable password but refuse control characters; a sign-in refuses a NUL', () => {
		expect(password.parse('correct horse ”battery” ä€')).toBe('correct horse ”battery” ä€');
		expect(password.safeParse('correct horse\u0000battery').success).toBe(false);
		expect(password.safeParse('correct horse\nbattery').success).toBe(false);
		expect(loginInput.safeParse({ username: 'ada', password: 'secret\u0000' }).success).toBe(false);
		expect(loginInput.safeParse({ username: 'ada', password: 'secret with spaces' }).success).toBe(true);
	});
});

describe('instants', () => {
	it('takes ISO times with an offset from 1970 to 2999, as epoch ms', () => {
		expect(isoInstant.parse('1970-01-01T00:00:00Z')).toBe(0);
		expect(isoInstant.parse('2024-10-10T18:00:00+03:00')).toBe(Date.UTC(2024, 9, 10, 15));
		expect(isoInstant.parse('2999-12-31T23:59:59.999Z')).toBe(Date.UTC(3000, 0, 1) - 1);
	});

	it('refuses the years PostgreSQL or JavaScript cannot write, and what computations from them would reach', () => {
		// Year 0 is refused by PostgreSQL; from 9999 a forecast or a chain of tasks passes 9999, which JavaScript
		// writes as "+010000-..." and PostgreSQL cannot read (the forecast of such a cutover failed on every run).
		for (const time of [
			'0000-01-01T00:00:00Z',
			'0001-01-01T00:00:00Z',
			'1969-12-31T23:59:59Z',
			'3000-01-01T00:00:00Z',
			'2999-12-31T23:00:00-05:00',
			'9999-12-31T23:59:59Z'
		]) {
			const result = isoInstant.safeParse(time);
			expect(result.success, time).toBe(false);
			expect(result.error?.issues[0].message, time).toBe('must be between the years 1970 and 2999');
		}
	});
});
