/**
 * A scraped metric's selector in Prometheus syntax: a series name with optional label matchers,
 * `http_requests_total{code="500", route=~"/api/.*"}`. Label values are written as in the exposition format
 * (double quotes; `\\`, `\"` and `\n` escaped), so a value copied from a `/metrics` page matches as it reads.
 * Regular expressions are anchored at both ends, as Prometheus anchors them.
 */

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
	label: string;
	op: MatchOp;
	value: string;
}

export interface Selector {
	name: string;
	matchers: LabelMatcher[];
}

/** One series of an exposition: its name (with a `_sum`, `_count` or `_bucket` suffix) and labels. */
export interface Series {
	name: string;
	labels: Record<string, string>;
	value: number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const OP = /^(=~|!~|!=|=)/;

/** The selector, or what is wrong with it (in English, for the API's message). */
export function parseSelector(text: string): Selector | { problem: string } {
	let rest = text.trim();
	const name = NAME.exec(rest)?.[0];
	if (!name) return { problem: 'must start with a series name, e.g. http_requests_total' };
	rest = rest.slice(name.length).trimStart();
	const matchers: LabelMatcher[] = [];
	if (rest.startsWith('{')) {
		rest = rest.slice(1).trimStart();
		while (!rest.startsWith('}')) {
			const label = LABEL.exec(rest)?.[0];
			if (!label) return { problem: `expected a label name at "${rest.slice(0, 20)}"` };
			rest = rest.slice(label.length).trimStart();
			const op = OP.exec(rest)?.[0] as MatchOp | undefined;
			if (!op) return { problem: `expected =, !=, =~ or !~ after ${label}` };
			rest = rest.slice(op.length).trimStart();
			const quoted = readQuoted(rest);
			if (!quoted) return { problem: `the value of ${label} must be in double quotes` };
			if ((op === '=~' || op === '!~') && !validRegex(quoted.value))
				return { problem: `the regular expression of ${label} is not valid` };
			matchers.push({ label, op, value: quoted.value });
			rest = quoted.rest.trimStart();
			if (rest.startsWith(',')) rest = rest.slice(1).trimStart();
			else if (!rest.startsWith('}')) return { problem: `expected , or } after the value of ${label}` };
		}
		rest = rest.slice(1).trimStart();
	}
	if (rest) return { problem: `unexpected "${rest.slice(0, 20)}" after the selector` };
	return { name, matchers };
}

/** A double-quoted value with the exposition's escapes undone, and what follows it. */
function readQuoted(text: string): { value: string; rest: string } | null {
	if (!text.startsWith('"')) return null;
	let value = '';
	for (let i = 1; i < text.length; i++) {
		const c = text[i];
		if (c === '"') return { value, rest: text.slice(i + 1) };
		if (c !== '\\') value += c;
		else {
			const next = text[++i];
			// As the exposition parser reads them: an unknown escape is kept as written.
			value += next === 'n' ? '\n' : next === '\\' || next === '"' ? next : `\\${next ?? ''}`;
		}
	}
	return null;
}

function validRegex(source: string): boolean {
	try {
		new RegExp(source);
		return true;
	} catch {
		return false;
	}
}

function matches(m: LabelMatcher, actual: string): boolean {
	switch (m.op) {
		case '=':
			return actual === m.value;
		case '!=':
			return actual !== m.value;
		case '=~':
			return new RegExp(`^(?:${m.value})$`).test(actual);
		case '!~':
			return !new RegExp(`^(?:${m.value})$`).test(actual);
	}
}

/** Whether a series is selected: its name, and each matcher (a missing label reads as empty, as in Prometheus). */
export function selects(selector: Selector, series: Series): boolean {
	return (
		series.name === selector.name && selector.matchers.every((m) => matches(m, series.labels[m.label] ?? ''))
	);
}

/** The sum of the selected series' values, or null when none is selected. */
export function sumSelected(selector: Selector, series: readonly Series[]): number | null {
	const values = series.filter((s) => selects(selector, s)).map((s) => s.value);
	return values.length ? values.reduce((a, b) => a + b, 0) : null;
}
