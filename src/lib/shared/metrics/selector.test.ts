import { describe, expect, it } from 'vitest';
import { parseSelector, selects, sumSelected, type Selector, type Series } from './selector';

const parsed = (text: string): Selector => {
	const result = parseSelector(text);
	if ('problem' in result) throw new Error(result.problem);
	return result;
};
const series = (name: string, labels: Record<string, string>, value = 1): Series => ({ name, labels, value });

describe('series selectors', () => {
	it('reads a bare name and label matchers of each kind, with spaces and a trailing comma', () => {
		expect(parsed('up')).toEqual({ name: 'up', matchers: [] });
		expect(
			parsed(' http_requests_total { code = "500", route=~"/api/.*" , method!="GET", env!~"dev|test", } ')
		).toEqual({
			name: 'http_requests_total',
			matchers: [
				{ label: 'code', op: '=', value: '500' },
				{ label: 'route', op: '=~', value: '/api/.*' },
				{ label: 'method', op: '!=', value: 'GET' },
				{ label: 'env', op: '!~', value: 'dev|test' }
			]
		});
		expect(parsed('job:requests:rate5m{}')).toEqual({ name: 'job:requests:rate5m', matchers: [] });
	});

	it("undoes the exposition format's escapes in label values, and keeps an unknown escape as written", () => {
		expect(
			parsed(String.raw`m{path="C:\\temp", quote="say \"hi\"", lines="a\nb", other="\d"}`).matchers
		).toEqual([
			{ label: 'path', op: '=', value: 'C:\\temp' },
			{ label: 'quote', op: '=', value: 'say "hi"' },
			{ label: 'lines', op: '=', value: 'a\nb' },
			{ label: 'other', op: '=', value: '\\d' }
		]);
	});

	it.each([
		['', 'must start with a series name'],
		['5xx_total', 'must start with a series name'],
		['m{code=500}', 'must be in double quotes'],
		['m{code="500', 'must be in double quotes'],
		['m{code="500"', 'expected , or } after the value of code'],
		['m{code:"500"}', 'expected =, !=, =~ or !~ after code'],
		['m{code="5" x="1"}', 'expected , or } after the value of code'],
		['m{="5"}', 'expected a label name'],
		['m{code=~"("}', 'the regular expression of code is not valid'],
		['rate(m[5m])', 'unexpected "(m[5m])"'],
		['m{code="5"} extra', 'unexpected "extra"']
	])('refuses %j, saying why', (text, problem) => {
		const result = parseSelector(text);
		expect(result).toHaveProperty('problem');
		expect((result as { problem: string }).problem).toContain(problem);
	});

	it('matches by name and every matcher; a missing label reads as empty; a regex matches whole values', () => {
		const s = parsed('http_requests_total{code=~"5..", route!="/health"}');
		expect(selects(s, series('http_requests_total', { code: '503', route: '/api' }))).toBe(true);
		expect(selects(s, series('http_requests_total', { code: '503' }))).toBe(true);
		expect(selects(s, series('http_requests_total', { code: '5030', route: '/api' }))).toBe(false);
		expect(selects(s, series('http_requests_total', { code: '503', route: '/health' }))).toBe(false);
		expect(selects(s, series('http_requests', { code: '503' }))).toBe(false);
		expect(selects(parsed('m{env=""}'), series('m', {}))).toBe(true);
		expect(selects(parsed('m{env!~"prod"}'), series('m', { env: 'production' }))).toBe(true);
	});

	it('sums the selected series, and gives null when none is selected', () => {
		const all = [
			series('req_total', { code: '200' }, 90),
			series('req_total', { code: '500' }, 7),
			series('req_total', { code: '503' }, 3)
		];
		expect(sumSelected(parsed('req_total'), all)).toBe(100);
		expect(sumSelected(parsed('req_total{code=~"5.."}'), all)).toBe(10);
		expect(sumSelected(parsed('req_total{code="404"}'), all)).toBeNull();
	});
});
