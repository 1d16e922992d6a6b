/** A metric's readings over a range, from the series endpoint with the page's session (same origin). */
import type { MetricSeries } from '$lib/shared/schemas/metrics';

export async function loadMetricSeries(
	slug: string,
	key: string,
	range: { from: number; to: number },
	signal: AbortSignal
): Promise<MetricSeries> {
	const query = new URLSearchParams({
		from: new Date(range.from).toISOString(),
		to: new Date(range.to).toISOString()
	});
	const url = `/api/v1/cutovers/${encodeURIComponent(slug)}/metrics/${encodeURIComponent(key)}/series?${query}`;
	const response = await fetch(url, { signal, headers: { accept: 'application/json' } });
	if (!response.ok) throw new Error(`series: ${response.status}`);
	return (await response.json()) as MetricSeries;
}
