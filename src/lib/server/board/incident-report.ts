/**
 * The incident report, composed above the areas: the incident, its timeline, reports and analyses (incidents)
 * with the readings of its metrics over its span (metrics). The print page and the Markdown export both read it.
 */
import { translator, type Locale } from '../../shared/i18n';
import { incidentReportMarkdown, type ReportDocInput } from '../../shared/incidents/report-doc';
import { incidentSpan, spanMetricKeys, type SpanMetric } from '../../shared/incidents/span-metrics';
import type { Actor } from '../auth/actor';
import type { Ctx } from '../context';
import { incidentReportParts } from '../incidents/report.service';
import { listMetrics, metricSeries } from '../metrics/metric.service';

/** What the incident report says, metrics of its span included. */
export async function incidentReportDocument(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	ref: string
): Promise<ReportDocInput> {
	const parts = await incidentReportParts(ctx, actor, slug, ref);
	const { incident } = parts;
	const metrics = await listMetrics(ctx, actor, slug);
	const keys = spanMetricKeys(
		incident.breach?.metric ?? null,
		incident.affected.map((a) => a.service),
		metrics
	);
	const span = incidentSpan(incident.startedAt, incident.resolvedAt, ctx.clock.now());
	const charts: SpanMetric[] = await Promise.all(
		keys.map(async (key) => {
			const metric = metrics.find((m) => m.key === key)!;
			const series = await metricSeries(ctx, actor, slug, key, span, ctx.clock.now());
			return {
				key,
				name: metric.name,
				unit: metric.unit,
				warning: metric.warning,
				critical: metric.critical,
				from: series.from,
				to: series.to,
				points: series.points
			};
		})
	);
	return { ...parts, metrics: charts };
}

/** The incident report as a Markdown download, headings in `locale`. */
export async function exportIncidentReport(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	ref: string,
	locale: Locale
): Promise<{ filename: string; contentType: string; body: string }> {
	const doc = await incidentReportDocument(ctx, actor, slug, ref);
	return {
		filename: `${doc.cutover.slug}-${doc.incident.ref}-report.md`,
		contentType: 'text/markdown; charset=utf-8',
		body: incidentReportMarkdown(translator(locale), doc)
	};
}
