import { describe, expect, it } from 'vitest';
import { readExposition, sampleValue } from './exposition';
import { instantQueryUrl, readQueryAnswer } from './promql';

const vector = (...values: string[]) => ({
	status: 'success',
	data: {
		resultType: 'vector',
		result: values.map((v, i) => ({ metric: { i: String(i) }, value: [1.7e9, v] }))
	}
});

describe("Prometheus's query answers", () => {
	it('sums a vector, reads a scalar, and reads values written as text', () => {
		expect(readQueryAnswer(vector('1.5', '2.5e1'))).toEqual({ value: 26.5 });
		expect(
			readQueryAnswer({ status: 'success', data: { resultType: 'scalar', result: [1.7e9, '-3'] } })
		).toEqual({
			value: -3
		});
	});

	it('gives no reading, and says so, for NaN and infinities, an empty vector, a matrix and an error', () => {
		expect(readQueryAnswer(vector('1', 'NaN'))).toEqual({ problem: 'the query answered NaN: no reading' });
		expect(readQueryAnswer(vector('+Inf'))).toEqual({ problem: 'the query answered +Inf: no reading' });
		expect(readQueryAnswer(vector('-Inf'))).toEqual({ problem: 'the query answered -Inf: no reading' });
		expect(readQueryAnswer(vector())).toEqual({ problem: 'the query matches no series' });
		expect(readQueryAnswer({ status: 'success', data: { resultType: 'matrix', result: [] } })).toEqual({
			problem: 'the query gives a matrix, not a vector or a scalar'
		});
		expect(
			readQueryAnswer({ status: 'error', errorType: 'bad_data', error: 'parse error at char 5: unclosed' })
		).toEqual({ problem: 'Prometheus refused the query: parse error at char 5: unclosed' });
		expect(readQueryAnswer({ hello: 'world' })).toEqual({
			problem: 'the answer is not a Prometheus query result'
		});
	});

	it('asks at the time given, in seconds, under a base URL with or without a path prefix', () => {
		const url = new URL(
			instantQueryUrl('http://prom:9090/prometheus', 'rate(x{a="b"}[1m])', 1_700_000_000_250)
		);
		expect(url.pathname).toBe('/prometheus/api/v1/query');
		expect(url.searchParams.get('query')).toBe('rate(x{a="b"}[1m])');
		expect(url.searchParams.get('time')).toBe('1700000000.250');
		expect(new URL(instantQueryUrl('http://prom:9090/', 'up', 0)).pathname).toBe('/api/v1/query');
	});
});

describe('the text exposition format', () => {
	it('reads values as the format writes them', () => {
		expect([sampleValue('1e3'), sampleValue('+Inf'), sampleValue('-Inf'), sampleValue('-0.5')]).toEqual([
			1000,
			Infinity,
			-Infinity,
			-0.5
		]);
		expect(sampleValue('NaN')).toBeNaN();
	});

	it('flattens counters, summaries and histograms into the series a selector names, labels unescaped', () => {
		const text = [
			'# HELP http_requests_total Requests.',
			'# TYPE http_requests_total counter',
			'http_requests_total{code="200",path="C:\\\\x \\"q\\""} 90',
			'http_requests_total{code="500"} 7',
			'# TYPE latency_seconds summary',
			'latency_seconds{quantile="0.5"} 0.1',
			'latency_seconds{quantile="0.95"} 0.8',
			'latency_seconds_sum 12',
			'latency_seconds_count 40',
			'# TYPE size_bytes histogram',
			'size_bytes_bucket{le="100"} 3',
			'size_bytes_bucket{le="+Inf"} 5',
			'size_bytes_sum 420',
			'size_bytes_count 5',
			''
		].join('\n');
		expect(readExposition(text)).toEqual([
			{ name: 'http_requests_total', labels: { code: '200', path: 'C:\\x "q"' }, value: 90 },
			{ name: 'http_requests_total', labels: { code: '500' }, value: 7 },
			{ name: 'latency_seconds', labels: { quantile: '0.5' }, value: 0.1 },
			{ name: 'latency_seconds', labels: { quantile: '0.95' }, value: 0.8 },
			{ name: 'latency_seconds_sum', labels: {}, value: 12 },
			{ name: 'latency_seconds_count', labels: {}, value: 40 },
			{ name: 'size_bytes_bucket', labels: { le: '100' }, value: 3 },
			{ name: 'size_bytes_bucket', labels: { le: '+Inf' }, value: 5 },
			{ name: 'size_bytes_sum', labels: {}, value: 420 },
			{ name: 'size_bytes_count', labels: {}, value: 5 }
		]);
	});

	it('refuses text that is not an exposition', () => {
		expect(() => readExposition('<html><body>Not found</body></html>\nmore')).toThrow(
			'not the Prometheus text format: "<html><body>Not found</body></html>"'
		);
		expect(() => readExposition('m{a="1"} 1\nm{a=1} 2')).toThrow(/invalid line/i);
	});
});
