/**
 * Generators for the fuzz test, derived from the JSON Schemas of the server's own OpenAPI document. Every value a
 * schema describes is drawn either near what it allows (its edges, known records, any Unicode) or from what it
 * does not: wrong JSON types, null, huge strings, control characters and NUL, lone surrogates, numbers out of
 * range or beyond what a double holds, deep nesting, unknown and missing properties. Objects are kept as lists of
 * entries so a body can carry `__proto__` or a key twice, and `RawJson` writes what JSON.stringify cannot
 * (`-0`, `1e400`, 100,000 levels of nesting).
 */
import fc from 'fast-check';

export interface JsonSchema {
	$ref?: string;
	type?: string | string[];
	properties?: Record<string, JsonSchema>;
	required?: string[];
	additionalProperties?: boolean | JsonSchema;
	items?: JsonSchema;
	anyOf?: JsonSchema[];
	oneOf?: JsonSchema[];
	enum?: unknown[];
	const?: unknown;
	minLength?: number;
	maxLength?: number;
	pattern?: string;
	format?: string;
	minimum?: number;
	maximum?: number;
	exclusiveMinimum?: number;
	exclusiveMaximum?: number;
	minItems?: number;
	maxItems?: number;
	default?: unknown;
}

/** A JSON fragment written exactly as given. */
export class RawJson {
	constructor(readonly text: string) {}
}

/** A JSON object as its entries, in order (duplicates and `__proto__` included). */
export class JsonObject {
	constructor(readonly entries: [string, Fuzzed][]) {}
}

export type Fuzzed = null | boolean | number | string | RawJson | JsonObject | Fuzzed[];

/** The JSON text of a fuzzed value. */
export function jsonText(value: Fuzzed): string {
	if (value instanceof RawJson) return value.text;
	if (value instanceof JsonObject)
		return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(',')}}`;
	if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
	// JSON.stringify writes NaN and ±Infinity as null.
	return JSON.stringify(value) ?? 'null';
}

/** Characters that hide in text: C0 controls and NUL, DEL, NEL, separators, bidi overrides, BOM, lone surrogates. */
export const CONTROL_CHARACTERS = [
	'\u0000',
	'\u0001',
	'\u0007',
	'\b',
	'\t',
	'\n',
	'\v',
	'\f',
	'\r',
	'\u001b[2J',
	'\u001f',
	'\u007f',
	'\u0085',
	'\u2028',
	'\u2029',
	'\u200b',
	'\u202e',
	'\ufeff',
	'\ud800',
	'\udfff',
	'\ufffe',
	'\uffff'
];

/** Text that is legal but unusual: astral planes, combining marks, right-to-left scripts, case oddities. */
export const UNICODE_TEXT = [
	'😀',
	'𝕏𝔶𝔷',
	'𠜎𠜱',
	'e\u0301\u0302\u0303',
	'İstanbul',
	'ﬁnal',
	'Straße',
	'ＡＢＣ',
	'مرحبا بالعالم',
	'שלום',
	'👩‍👩‍👧‍👦',
	'Z\u0324\u0354\u0367\u0311\u0313a\u0356\u032d\u0308\u0307',
	'﷽',
	'\u0300'.repeat(40),
	'Ⅻ',
	'ǅ'
];

/** Strings that break naive code elsewhere: SQL, templates, paths, markup, CSV formulas. */
const NASTY_TEXT = [
	"'; drop table users; --",
	'${7*7}{{7*7}}',
	'../../etc/passwd',
	'<script>alert(1)</script>',
	'=cmd|" /C calc"!A0',
	'%00',
	'\\u0000',
	'null',
	'undefined',
	'true',
	'0',
	'-1',
	'__proto__',
	'constructor'
];

const DEEP_DEPTHS = [1_000, 10_000, 100_000];

/** Nesting far deeper than any schema: arrays, objects, or both, as raw text (nothing here recurses). */
export const deepNesting: fc.Arbitrary<RawJson> = fc
	.tuple(fc.constantFrom(...DEEP_DEPTHS), fc.constantFrom('array', 'object', 'mixed'))
	.map(([depth, kind]) => {
		if (kind === 'array') return new RawJson('['.repeat(depth) + ']'.repeat(depth));
		if (kind === 'object') return new RawJson('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
		return new RawJson('[{"a":'.repeat(depth / 2) + 'null' + '}]'.repeat(depth / 2));
	});

/** Up to about 1 MB of one character (ASCII, multi-byte, NUL or a control that JSON escapes to six bytes). */
export const hugeString: fc.Arbitrary<string> = fc
	.tuple(
		fc.constantFrom(70_000, 300_000, 1_000_000),
		fc.constantFrom('a', 'é', '😀', '\u0000', '\u001f', ' ')
	)
	.map(([length, c]) => c.repeat(Math.ceil(length / c.length)));

/** Strings made of control characters, alone or mixed into ordinary text. */
export const controlString: fc.Arbitrary<string> = fc
	.array(fc.oneof(fc.constantFrom(...CONTROL_CHARACTERS), fc.string({ maxLength: 4 })), {
		minLength: 1,
		maxLength: 12
	})
	.map((parts) => parts.join(''));

/** Any code point, surrogate halves included. */
const anyText = fc.string({ unit: 'binary', maxLength: 40 });

const unicodeString = fc
	.array(fc.constantFrom(...UNICODE_TEXT), { minLength: 1, maxLength: 4 })
	.map((parts) => parts.join(' '));

/** Numbers a double cannot hold, or that look like numbers to a careless parser. */
const rawNumbers = [
	'-0',
	'1e309',
	'-1e309',
	'1e400',
	'4.9e-324',
	'1e-400',
	'9007199254740993',
	'9223372036854775808',
	'123456789012345678901234567890',
	'0.1e1',
	'1.0',
	'-0.0'
].map((t) => new RawJson(t));

const oddNumbers = [
	1e308,
	-1e308,
	Number.MAX_VALUE,
	Number.MIN_VALUE,
	Number.MAX_SAFE_INTEGER,
	Number.MAX_SAFE_INTEGER + 1,
	-Number.MAX_SAFE_INTEGER,
	2 ** 31,
	2 ** 31 - 1,
	-(2 ** 31) - 1,
	2 ** 32,
	0.5,
	-1,
	-0.0001
];

/** Strings a careless coercion turns into a number. */
const numberStrings = [
	'NaN',
	'Infinity',
	'-Infinity',
	'1e308',
	'-0',
	'0x10',
	'0b11',
	'1_000',
	' 1',
	'1 ',
	'',
	'5',
	'1e3'
];

/** Date-times at the edges of what JavaScript, PostgreSQL and ISO 8601 agree on, and some they do not. */
const dateTimeEdges = [
	'1970-01-01T00:00:00Z',
	'1970-01-01T00:00:00.001+00:00',
	'2038-01-19T03:14:08Z',
	'2099-12-31T23:59:59+14:00',
	'2999-12-31T23:59:59.999Z'
];
/** Years JavaScript can write and PostgreSQL cannot read, or that computations push past 9999. */
const dateTimeFar = [
	'0000-01-01T00:00:00Z',
	'0001-01-01T00:00:00Z',
	'1969-12-31T23:59:59.999Z',
	'3000-01-01T00:00:00Z',
	'9999-12-31T23:59:59Z',
	'9999-12-31T23:59:59.999-23:59',
	'0000-01-01T00:00:00+23:59'
];
const dateTimeInvalid = [
	'2024-02-30T00:00:00Z',
	'2024-13-01T00:00:00Z',
	'2024-01-01T24:00:00Z',
	'2024-01-01T00:00:60Z',
	'2024-01-01',
	'2024-01-01T00:00:00',
	'2024-01-01T00:00:00+24:00',
	'2024-01-01T00:00:00.1234567890123456789Z',
	'+275760-09-13T00:00:00Z',
	'-000001-01-01T00:00:00Z',
	'2024-01-01 00:00:00Z',
	'now',
	'0'
];

/** Date-times the schema accepts: edges, the years around now, and random instants with random offsets. */
function validDateTime(): fc.Arbitrary<string> {
	const iso = (d: Date, offsetMinutes: number) => {
		const shifted = new Date(d.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19);
		if (offsetMinutes === 0) return `${shifted}Z`;
		const sign = offsetMinutes < 0 ? '-' : '+';
		const abs = Math.abs(offsetMinutes);
		return `${shifted}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
	};
	const now = Date.now();
	return fc.oneof(
		fc.constantFrom(...dateTimeEdges),
		fc
			.tuple(
				fc.date({
					min: new Date(now - 30 * 86_400_000),
					max: new Date(now + 400 * 86_400_000),
					noInvalidDate: true
				}),
				fc.integer({ min: -12 * 60, max: 14 * 60 })
			)
			.map(([d, o]) => iso(d, o)),
		fc
			.tuple(
				fc.date({
					min: new Date('1970-01-02T00:00:00Z'),
					max: new Date('2999-12-30T00:00:00Z'),
					noInvalidDate: true
				}),
				fc.constantFrom(0, 180, -600)
			)
			.map(([d, o]) => iso(d, o))
	);
}

/** Bodies stop growing a little past the server's 5 MB limit: enough to cross it, not enough to exhaust memory. */
const MAX_COPIED_BYTES = 6_000_000;

/** An array of `count` copies of `item` (as raw text, written once), fewer when that would pass 6 MB. */
function copies(item: Fuzzed, count: number): RawJson {
	const text = jsonText(item);
	const fitting = Math.max(1, Math.min(count, Math.floor(MAX_COPIED_BYTES / (text.length + 1))));
	return new RawJson(`[${Array.from({ length: fitting }, () => text).join(',')}]`);
}

/** Values for properties the server knows by name (real records), so some requests reach the services' rules. */
export type Hints = Record<string, readonly string[]>;

export class SchemaFuzzer {
	/** How often a value is hostile rather than near-valid (out of 10). */
	readonly hostileWeight = 2;

	constructor(
		private readonly components: Record<string, JsonSchema>,
		private readonly hints: Hints = {}
	) {}

	resolve(schema: JsonSchema): JsonSchema {
		if (!schema.$ref) return schema;
		const name = schema.$ref.replace('#/components/schemas/', '');
		const found = this.components[name];
		if (!found) throw new Error(`unknown schema ${schema.$ref}`);
		return this.resolve(found);
	}

	/** A value for `schema`: near-valid most of the time, hostile otherwise. `name` is the property's name. */
	value(schema: JsonSchema, name = ''): fc.Arbitrary<Fuzzed> {
		return fc.oneof(
			{ weight: 10 - this.hostileWeight, arbitrary: this.valid(schema, name) },
			{ weight: this.hostileWeight, arbitrary: this.hostile(schema, name) }
		);
	}

	/**
	 * A whole request body: near-valid throughout (so requests reach the services' rules), near-valid but for one
	 * thing, a mix of near-valid and hostile fields, or hostile as a whole.
	 */
	body(schema: JsonSchema): fc.Arbitrary<Fuzzed> {
		return fc.oneof(
			{ weight: 4, arbitrary: this.valid(schema, '', true) },
			{ weight: 3, arbitrary: this.hostile(schema) },
			{ weight: 3, arbitrary: this.value(schema) },
			{ weight: 1, arbitrary: deepNesting }
		);
	}

	/**
	 * Values the schema allows, at its edges and beyond the ASCII comfort zone. Inside objects and arrays the parts
	 * are near-valid too when `strict`, otherwise mixed with hostile ones.
	 */
	valid(schema: JsonSchema, name = '', strict = false): fc.Arbitrary<Fuzzed> {
		const s = this.resolve(schema);
		const alternatives = s.anyOf ?? s.oneOf;
		if (alternatives) return fc.oneof(...alternatives.map((a) => this.valid(a, name, strict)));
		if (s.enum) return fc.constantFrom(...(s.enum as Fuzzed[]));
		if (s.const !== undefined) return fc.constant(s.const as Fuzzed);
		const type = Array.isArray(s.type) ? s.type : [s.type];
		if (type.length > 1) return fc.oneof(...type.map((t) => this.valid({ ...s, type: t }, name, strict)));
		switch (type[0]) {
			case 'null':
				return fc.constant(null);
			case 'boolean':
				return fc.boolean();
			case 'integer':
				return this.validNumber(s, true);
			case 'number':
				return this.validNumber(s, false);
			case 'string':
				return this.validString(s, name);
			case 'array':
				return this.validArray(s, name, strict);
			case 'object':
				return this.validObject(s, strict);
			default:
				return fc.constant(null);
		}
	}

	/** Values the schema refuses (or that only a careful server refuses cleanly). */
	hostile(schema: JsonSchema, name = ''): fc.Arbitrary<Fuzzed> {
		const s = this.main(schema);
		const specific: fc.Arbitrary<Fuzzed>[] = [];
		if (s.type === 'string') specific.push(this.hostileString(s));
		if (s.type === 'integer' || s.type === 'number') specific.push(this.hostileNumber(s));
		if (s.type === 'array') specific.push(this.hostileArray(s, name));
		if (s.type === 'object') specific.push(this.hostileObject(s));
		return fc.oneof(...specific, this.wrongType(s));
	}

	/** The schema itself, or for `X | null` the X (the part worth attacking). */
	main(schema: JsonSchema): JsonSchema {
		const s = this.resolve(schema);
		const alternatives = s.anyOf ?? s.oneOf;
		if (!alternatives) return s;
		const first = alternatives.map((a) => this.resolve(a)).find((a) => a.type !== 'null');
		return first ? this.main(first) : s;
	}

	/** A JSON value of another type than the schema's, or null, or far too deep. */
	wrongType(s: JsonSchema): fc.Arbitrary<Fuzzed> {
		const type = Array.isArray(s.type) ? s.type[0] : s.type;
		const others: fc.Arbitrary<Fuzzed>[] = [
			fc.constant(null),
			fc.boolean(),
			fc.constantFrom(...oddNumbers, ...rawNumbers, 0, 1),
			fc.constantFrom(...numberStrings, ...NASTY_TEXT),
			controlString,
			fc.constant([]),
			fc.constant(new JsonObject([])),
			fc.array(fc.oneof(fc.integer(), anyText, fc.constant(null)), { maxLength: 4 }),
			fc.constant(new JsonObject([['a', 1]])),
			deepNesting
		];
		// Keep the ones of another type than the schema's (a string field gets no string here, and so on).
		if (type === 'string')
			return fc.oneof(others[0], others[1], others[2], others[5], others[6], others[7], others[8], others[9]);
		if (type === 'integer' || type === 'number' || type === 'boolean')
			return fc.oneof(others[0], others[3], others[4], others[5], others[6], others[9]);
		return fc.oneof(...others);
	}

	validNumber(s: JsonSchema, integer: boolean): fc.Arbitrary<Fuzzed> {
		const low = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1e9);
		const high = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1e12);
		const edges: number[] = [low, high];
		if (s.maximum === undefined) edges.push(2 ** 31 - 1, 2 ** 31, Number.MAX_SAFE_INTEGER);
		if (!integer && s.maximum === undefined) edges.push(1e15, 1e300);
		const min = Math.max(low, Number.MIN_SAFE_INTEGER);
		const max = Math.min(high, Number.MAX_SAFE_INTEGER);
		const near = (span: number) =>
			fc.integer({
				min: Math.ceil(min),
				max: Math.max(Math.ceil(min), Math.min(Math.floor(max), Math.ceil(min) + span))
			});
		return fc.oneof(
			fc.constantFrom(...edges.filter((e) => e >= low && e <= (s.maximum ?? Infinity))),
			integer
				? fc.integer({ min: Math.ceil(min), max: Math.floor(Math.min(max, 2 ** 31)) })
				: fc.double({ min, max, noNaN: true, noDefaultInfinity: true }),
			// Small values near the minimum are what most rules take (a quorum of one or two, a few minutes).
			{ weight: 2, arbitrary: near(3) },
			near(50)
		);
	}

	hostileNumber(s: JsonSchema): fc.Arbitrary<Fuzzed> {
		const outside: number[] = [];
		if (s.minimum !== undefined) outside.push(s.minimum - 1, s.minimum - 0.5);
		if (s.maximum !== undefined) outside.push(s.maximum + 1, s.maximum + 0.5);
		if (s.type === 'integer') outside.push(1.5, 0.1);
		return fc.oneof(
			fc.constantFrom(...outside, ...oddNumbers, ...rawNumbers),
			fc.constantFrom(...numberStrings),
			fc.double().map((d) => (Number.isFinite(d) ? d : new RawJson(d > 0 ? '1e999' : '-1e999')))
		);
	}

	validString(s: JsonSchema, name: string): fc.Arbitrary<Fuzzed> {
		const min = s.minLength ?? 0;
		const max = s.maxLength ?? 200;
		const known = this.hints[name];
		const fromHints = known?.length ? [fc.constantFrom(...known)] : [];
		if (s.format === 'date-time') return validDateTime();
		if (s.format === 'uuid')
			return fc.oneof(
				...fromHints,
				fc.uuid(),
				fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff')
			);
		if (s.pattern) {
			const pattern = new RegExp(s.pattern);
			const fitting = (t: string) => t.length >= min && t.length <= max && pattern.test(t);
			// A short match repeated up to the least length (a token's 20 characters of a class): filtering the
			// generator's mostly short strings instead would almost never let one through, and fast-check retries
			// a filter without end.
			const long = (t: string) =>
				t.length >= min || t.length === 0 ? t : t.repeat(Math.ceil(min / t.length));
			const matching = (size: fc.SizeForArbitrary) =>
				fc
					.stringMatching(pattern, { size })
					.map((t) => long(t).slice(0, max))
					.filter(fitting);
			return fc.oneof(
				...fromHints.map((a) => ({ weight: 6, arbitrary: a })),
				{ weight: 2, arbitrary: matching('small') },
				// Not 'large': a pattern with an open repetition then yields mostly matches over the length limit,
				// and filtering them out never ends.
				{ weight: 1, arbitrary: matching('medium') },
				// Padding is trimmed by the schema; the trimmed value must still be judged.
				{ weight: 1, arbitrary: matching('medium').map((t) => ` ${t}\u3000`) }
			);
		}
		const length = (t: string) => t.length >= Math.max(min, 1) && t.length <= max;
		return fc.oneof(
			// Known values often, so that a near-valid body is often a valid one.
			...fromHints.map((arbitrary) => ({ arbitrary, weight: 24 })),
			...[
				fc.string({ minLength: Math.max(min, 1), maxLength: Math.min(max, 60) }),
				fc
					.string({ unit: 'grapheme', minLength: Math.max(min, 1), maxLength: Math.min(max, 20) })
					.filter(length),
				unicodeString.filter(length),
				fc.constantFrom(...NASTY_TEXT).filter(length),
				fc.constant('x'.repeat(max)),
				fc.constant('😀'.repeat(Math.floor(max / 2))),
				fc.constant(`  padded  `)
			].map((arbitrary) => ({ arbitrary, weight: 4 })),
			// Line breaks as browsers and Windows send them (only multi-line text takes them).
			{ weight: 1, arbitrary: fc.constant(`line one\r\nline two\rthree\n\tfour`.slice(0, max)) }
		);
	}

	hostileString(s: JsonSchema): fc.Arbitrary<Fuzzed> {
		const max = s.maxLength ?? 200;
		const options: fc.Arbitrary<Fuzzed>[] = [
			controlString,
			hugeString,
			fc.constant('x'.repeat(max + 1)),
			fc.constant(' '.repeat(max + 10)),
			fc.constantFrom('', '   ', '\u3000', '\u00a0'),
			unicodeString,
			anyText,
			fc.constantFrom(...NASTY_TEXT)
		];
		if (s.format === 'date-time') options.push(fc.constantFrom(...dateTimeInvalid, ...dateTimeFar));
		if (s.format === 'uuid')
			options.push(
				fc.constantFrom(
					'not-a-uuid',
					'00000000-0000-0000-0000-00000000000g',
					'{00000000-0000-0000-0000-000000000000}',
					'00000000000000000000000000000000'
				)
			);
		return fc.oneof(...options);
	}

	validArray(s: JsonSchema, name: string, strict: boolean): fc.Arbitrary<Fuzzed> {
		const items = s.items ?? {};
		const min = s.minItems ?? 0;
		const max = s.maxItems ?? 20;
		const arrays: { weight: number; arbitrary: fc.Arbitrary<Fuzzed> }[] = [
			{
				weight: 3,
				// Near-valid lists name each thing once (voters, dependencies), as the services expect.
				arbitrary: strict
					? fc.uniqueArray(this.valid(items, name, true), {
							minLength: min,
							maxLength: Math.min(max, 6),
							// As the schemas compare them: trimmed, usernames lowercased.
							selector: (v) => jsonText(v).toLowerCase().replace(/\s/g, '')
						})
					: fc.array(this.value(items, name), { minLength: min, maxLength: Math.min(max, 6) })
			}
		];
		// The longest allowed, as copies of one item.
		if (max > 6)
			arrays.push({ weight: 1, arbitrary: this.valid(items, name, true).map((item) => copies(item, max)) });
		return fc.oneof(...arrays);
	}

	hostileArray(s: JsonSchema, name: string): fc.Arbitrary<Fuzzed> {
		const items = s.items ?? {};
		const max = s.maxItems ?? 20;
		return fc.oneof(
			fc.array(this.value(items, name), { minLength: 1, maxLength: 8 }),
			this.valid(items, name, true).map((item) => copies(item, max + 1)),
			this.valid(items, name, true).map((item) => [item, item]),
			fc.array(this.wrongType(this.main(items)), { minLength: 1, maxLength: 4 }),
			fc.constant<Fuzzed>(s.minItems ? [] : [null])
		);
	}

	private properties(s: JsonSchema): [string, JsonSchema][] {
		return Object.entries(s.properties ?? {});
	}

	validObject(s: JsonSchema, strict: boolean): fc.Arbitrary<Fuzzed> {
		const required = new Set(s.required ?? []);
		const fields = this.properties(s).map(([key, schema]) => {
			const value = (strict ? this.valid(schema, key, true) : this.value(schema, key)).map(
				(v): [string, Fuzzed] => [key, v]
			);
			return required.has(key) ? value : fc.option(value, { nil: undefined, freq: 2 });
		});
		return fc.tuple(...fields).map((entries) => new JsonObject(entries.filter((e) => e !== undefined)));
	}

	hostileObject(s: JsonSchema): fc.Arbitrary<Fuzzed> {
		const names = this.properties(s).map(([k]) => k);
		const extraKey = fc.constantFrom(
			'__proto__',
			'constructor',
			'prototype',
			'unknown',
			'',
			'Key',
			' key',
			'toString'
		);
		return fc.oneof(
			// An unknown property (prototype pollution included).
			fc
				.tuple(
					this.validObject(s, true),
					extraKey,
					fc.oneof(fc.constant(new JsonObject([['isAdmin', true]])), anyText)
				)
				.map(([o, k, v]) => new JsonObject([...(o as JsonObject).entries, [k, v]])),
			// A required property missing.
			names.length
				? fc
						.tuple(this.validObject(s, true), fc.constantFrom(...names))
						.map(([o, k]) => new JsonObject((o as JsonObject).entries.filter(([n]) => n !== k)))
				: fc.constant(new JsonObject([])),
			// A property twice, the second hostile (JSON.parse keeps the last).
			names.length
				? fc
						.tuple(this.validObject(s, true), fc.constantFrom(...names))
						.chain(([o, k]) =>
							this.hostile(this.properties(s).find(([n]) => n === k)![1], k).map(
								(v) => new JsonObject([...(o as JsonObject).entries, [k, v]])
							)
						)
				: fc.constant(new JsonObject([])),
			fc.constant(new JsonObject([]))
		);
	}
}

/**
 * One path segment as sent on the wire (already percent-encoded where needed): NUL, `%ZZ`, a lone `%`, truncated
 * and overlong UTF-8, encoded surrogates, slashes and dots, line breaks, thousands of characters.
 */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
	fc.constantFrom(
		'%00',
		'a%00b',
		'%ZZ',
		'%',
		'%E0%A4%A',
		'%C0%AF',
		'%ED%A0%80',
		'%FF%FE',
		'%0A',
		'%0D%0A',
		'%09',
		'%7F',
		'%E2%80%A8',
		'%C2%85',
		'%2F',
		'%2e%2e',
		'..',
		'.',
		'%5C',
		'%20',
		'~',
		'a;b=c',
		'FUZZ',
		'-',
		'a--b',
		'_',
		'%F0%9F%98%80',
		'%EF%BB%BFkey'
	),
	fc.constantFrom(70, 300, 5_000).map((n) => 'a'.repeat(n)),
	controlString.map(encodeURIComponentLoose),
	unicodeString.map(encodeURIComponentLoose),
	fc.string({ maxLength: 10 }).map(encodeURIComponentLoose)
);

/** A query value as sent on the wire: percent-encoded NUL and controls, `%ZZ`, odd numbers, huge values. */
export const hostileQueryValue: fc.Arbitrary<string> = fc.oneof(
	{
		weight: 3,
		arbitrary: fc.constantFrom(
			'%00',
			'%ZZ',
			'%',
			'%0A',
			'%FF',
			'%ED%A0%80',
			'%7F',
			'%E2%80%A9',
			'+',
			'%2B',
			'&',
			'='
		)
	},
	{ weight: 3, arbitrary: fc.constantFrom(...numberStrings).map(encodeURIComponentLoose) },
	{
		weight: 3,
		arbitrary: fc.constantFrom(
			'1e308',
			'-1',
			'0',
			'1.5',
			'9007199254740993',
			'99999999999999999999',
			'00001',
			'%2D0'
		)
	},
	// Past Node's 16 KB limit on the request line and headers, and just under it.
	{ weight: 1, arbitrary: fc.constantFrom(1_000, 15_000, 20_000).map((n) => '9'.repeat(n)) },
	{ weight: 3, arbitrary: controlString.map(encodeURIComponentLoose) },
	{ weight: 3, arbitrary: unicodeString.map(encodeURIComponentLoose) }
);

/** encodeURIComponent, except that a lone surrogate is sent as its (invalid) UTF-8 bytes instead of throwing. */
export function encodeURIComponentLoose(s: string): string {
	let out = '';
	for (const ch of s) {
		const code = ch.codePointAt(0)!;
		if (code >= 0xd800 && code <= 0xdfff)
			out +=
				`%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
		else out += encodeURIComponent(ch);
	}
	return out;
}
