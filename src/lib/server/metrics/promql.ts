/**
 * PromQL instant queries against a Prometheus server's HTTP API (`GET /api/v1/query?query=&time=`), and reading
 * its answer into one number: a vector's values summed, or a scalar. Values arrive as text; NaN and ±Inf are no
 * reading (never stored), and said so.
 */
import { z } from 'zod';
import { sampleValue } from './exposition';

/** The instant query's URL under a server's base URL (which may carry a path prefix, e.g. behind a proxy). */
export function instantQueryUrl(base: string, expression: string, at: number): string {
	const url = new URL('api/v1/query', base.endsWith('/') ? base : `${base}/`);
	url.searchParams.set('query', expression);
	url.searchParams.set('time', (at / 1000).toFixed(3));
	return url.toString();
}

const sample = z.tuple([z.number(), z.string()]);
const answer = z.discriminatedUnion('status', [
	z.object({
		status: z.literal('success'),
		data: z.discriminatedUnion('resultType', [
			z.object({ resultType: z.literal('vector'), result: z.array(z.object({ value: sample })) }),
			z.object({ resultType: z.literal('scalar'), result: sample }),
			z.object({ resultType: z.literal('matrix'), result: z.unknown() }),
			z.object({ resultType: z.literal('string'), result: z.unknown() })
		])
	}),
	z.object({ status: z.literal('error'), errorType: z.string().optional(), error: z.string().optional() })
]);

export type Reading = { value: number } | { problem: string };

/** One reading from a query's answer (its parsed JSON body), or why there is none. */
export function readQueryAnswer(body: unknown): Reading {
	const parsed = answer.safeParse(body);
	if (!parsed.success) return { problem: 'the answer is not a Prometheus query result' };
	const result = parsed.data;
	if (result.status === 'error')
		return {
			problem: `Prometheus refused the query: ${result.error ?? result.errorType ?? 'no reason given'}`
		};
	const { data } = result;
	let texts: string[];
	if (data.resultType === 'scalar') texts = [data.result[1]];
	else if (data.resultType === 'vector') texts = data.result.map((r) => r.value[1]);
	else return { problem: `the query gives a ${data.resultType}, not a vector or a scalar` };
	if (texts.length === 0) return { problem: 'the query matches no series' };
	const values = texts.map(sampleValue);
	const bad = texts.find((_, i) => !Number.isFinite(values[i]));
	if (bad !== undefined) return { problem: `the query answered ${bad}: no reading` };
	return { value: values.reduce((a, b) => a + b, 0) };
}
