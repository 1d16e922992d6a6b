/**
 * The Prometheus text exposition format, read with `parse-prometheus-text-format` (a port of the parser of the
 * Prometheus Python client) and flattened back into series as a selector names them: a summary's quantiles as
 * `name{quantile="0.95"}`, a histogram's buckets as `name_bucket{le="0.5"}`, and `name_sum` / `name_count`.
 * The parser keys a summary's or a histogram's values by quantile or bucket alone: where such a family has
 * further labels, only its last series of each quantile is kept (a selector should name a summary without them).
 */
import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';
import type { Series } from '../../shared/metrics/selector';

/** A sample's value as the format writes it: a float, or `NaN`, `+Inf`, `-Inf`. */
export function sampleValue(text: string): number {
	if (text === '+Inf' || text === 'Inf') return Infinity;
	if (text === '-Inf') return -Infinity;
	return text.trim() === '' ? NaN : Number(text);
}

const SERIES_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const VALUE = /^(NaN|[+-]?Inf|[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)$/;

/**
 * Every series of an exposition; throws (naming the line) on text that is not one. The parser takes any line of
 * two words for a sample (an HTML error page too): a series whose name or value the format would not write is
 * refused here.
 */
export function readExposition(text: string): Series[] {
	return parsePrometheusTextFormat(text).flatMap(seriesOf);
}

function checked(name: string, value: string): number {
	if (!SERIES_NAME.test(name) || !VALUE.test(value))
		throw new Error(`not the Prometheus text format: "${`${name} ${value}`.slice(0, 60)}"`);
	return sampleValue(value);
}

function seriesOf(family: ParsedFamily): Series[] {
	const { name } = family;
	return family.metrics.flatMap((m) => {
		const labels = m.labels ?? {};
		const out: Series[] = [];
		const add = (series: string, extra: Record<string, string>, value: string) =>
			out.push({ name: series, labels: { ...labels, ...extra }, value: checked(series, value) });
		if (m.value !== undefined) add(name, {}, m.value);
		for (const [quantile, value] of Object.entries(m.quantiles ?? {})) add(name, { quantile }, value);
		for (const [le, value] of Object.entries(m.buckets ?? {})) add(`${name}_bucket`, { le }, value);
		if (m.sum !== undefined) add(`${name}_sum`, {}, m.sum);
		if (m.count !== undefined) add(`${name}_count`, {}, m.count);
		return out;
	});
}
