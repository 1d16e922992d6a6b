/** The exposition parser ships no types: what it returns, as read from its source (values stay text). */
declare module 'parse-prometheus-text-format' {
	export interface ParsedSample {
		labels?: Record<string, string>;
		value?: string;
		/** A summary's quantiles or a histogram's buckets by their `quantile` / `le` label. */
		quantiles?: Record<string, string>;
		buckets?: Record<string, string>;
		count?: string;
		sum?: string;
		timestamp_ms?: string;
	}
	export interface ParsedFamily {
		name: string;
		help: string;
		type: 'COUNTER' | 'GAUGE' | 'SUMMARY' | 'HISTOGRAM' | 'UNTYPED';
		metrics: ParsedSample[];
	}
	/** Throws an `InvalidLineError` on a line it cannot read. */
	export default function parsePrometheusTextFormat(text: string): ParsedFamily[];
}
