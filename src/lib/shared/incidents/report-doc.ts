/**
 * The incident report as a document: the incident's fields, its timeline, the suppliers' reports (the latest
 * version of each, with a note of the earlier ones) and the root-cause analysis (its latest version), with
 * headings in the reader's language. The Markdown export and the print page say the same from here.
 */
import { md, quote } from '../decision-log';
import type { Translate } from '../i18n';
import type { IncidentDetail, TimelineEntry } from '../schemas/incidents';
import type { IncidentReports, RcaView, ReportAction, ReportView } from '../schemas/reports';
import { toZonedIso } from '../time';
import { spanRows, type SpanMetric } from './span-metrics';

/** A metric's capacity lines in words ("warning 800 ms, critical 2000 ms"), or that it has none. */
export function metricLines(t: Translate, m: SpanMetric, figure: (v: number) => string): string {
	const lines = [
		m.warning === null ? null : t('reports.metricWarning', { value: figure(m.warning) }),
		m.critical === null ? null : t('reports.metricCritical', { value: figure(m.critical) })
	].filter((l) => l !== null);
	return lines.length ? lines.join(', ') : t('reports.metricNoLines');
}

/** The catalogue's names by key ("Customer e-services", not "customer"); a key not in it is shown as it is. */
export type ServiceNames = ReadonlyMap<string, string>;

/**
 * A timeline entry as one line of text (what it says, without who, when and its note), services by their names
 * where known: the incident page, its print page and the Markdown export say the same.
 */
export function timelineEntryText(t: Translate, e: TimelineEntry, names: ServiceNames = new Map()): string {
	const d = e.detail;
	const nameOf = (key: string) => names.get(key) ?? key;
	const status = (s: string) => t(`incidents.status_${s}` as Parameters<Translate>[0]);
	const impact = (s: string | null) =>
		s === null ? t('incidents.service_none') : t(`incidents.service_${s}` as Parameters<Translate>[0]);
	const who = (s: string | null) => s ?? t('incidents.nobody');
	switch (d.kind) {
		case 'opened':
			return t('incidents.entry_opened', {
				severity: t(`incidents.severity_${d.severity}`),
				status: status(d.status)
			});
		case 'status':
			return t('incidents.entry_status', { from: status(d.from), to: status(d.to) });
		case 'severity':
			return t('incidents.entry_severity', { from: d.from, to: d.to });
		case 'role':
			return t('incidents.entry_role', {
				role: t(`incidents.role_${d.role}`),
				from: who(d.from),
				to: who(d.to)
			});
		case 'suppliers':
			return t('incidents.entry_suppliers', { count: d.to.length });
		case 'services':
			return t('incidents.entry_services', {
				changes: d.changes
					.map((c) =>
						t('incidents.entry_serviceChange', {
							service: nameOf(c.service),
							from: impact(c.from),
							to: impact(c.to)
						})
					)
					.join('; ')
			});
		case 'breach':
			return t('incidents.entry_breach', { metric: d.metric, seq: d.seq });
		case 'signoff':
			return d.followUpTask
				? t('incidents.entry_signoffFollowUp', { system: d.system, tester: d.tester, task: d.followUpTask })
				: t('incidents.entry_signoff', { system: d.system, tester: d.tester });
		case 'priorities':
			return t('incidents.entry_priorities', {
				order: d.to.map(nameOf).join(' → ') || t('incidents.noPriorities')
			});
		case 'restriction':
			return d.action === 'restricted'
				? t('incidents.entry_restricted', { service: nameOf(d.service), reason: d.reason })
				: t('incidents.entry_lifted', { service: nameOf(d.service) });
		case 'note':
			return t('incidents.entry_note');
		case 'correction':
			return t('incidents.entry_correction', { id: d.corrects });
		case 'decision':
			return t('incidents.entry_decision', { decision: d.decision, title: d.title, outcome: d.outcome });
		case 'opening':
			return d.act === 'restricted'
				? t('incidents.entry_openingRestricted', { part: d.part ?? '–' })
				: t('incidents.entry_openingLifted', { part: d.part ?? '–' });
	}
}

/** Each supplier's latest report, with how many earlier versions it has and when the last of them was sent. */
export interface LatestReport {
	report: ReportView;
	earlier: number;
	earlierAt: string | null;
}

export function latestReports(reports: readonly ReportView[]): LatestReport[] {
	const by = new Map<string, ReportView[]>();
	for (const r of reports) by.set(r.supplier.email, [...(by.get(r.supplier.email) ?? []), r]);
	return [...by.values()].map((versions) => {
		const sorted = [...versions].sort((a, b) => a.version - b.version);
		const report = sorted[sorted.length - 1];
		const before = sorted.slice(0, -1);
		return { report, earlier: before.length, earlierAt: before.at(-1)?.submittedAt ?? null };
	});
}

export const latestRca = (rcas: readonly RcaView[]): RcaView | null =>
	rcas.reduce<RcaView | null>((a, r) => (a === null || r.version > a.version ? r : a), null);

export interface ReportDocInput {
	cutover: { name: string; slug: string; timezone: string };
	incident: IncidentDetail;
	reports: IncidentReports;
	/** The readings over the incident's span of its breach's metric and of those measuring what it hurt. */
	metrics: SpanMetric[];
}

/** The incident report as Markdown, headings in the reader's language; user text escaped. */
export function incidentReportMarkdown(
	t: Translate,
	{ cutover, incident, reports, metrics }: ReportDocInput
): string {
	const at = (iso: string | null) => (iso ? toZonedIso(Date.parse(iso), cutover.timezone) : '');
	const actions = (list: readonly ReportAction[]) =>
		list.length
			? list.map((a) => `- ${t('reports.action', { text: md(a.text), owner: md(a.owner), due: a.due })}`)
			: [t('reports.noActions')];
	const field = (label: string, value: string) => `- **${label}:** ${value}`;
	const out: string[] = [
		`# ${t('reports.docTitle', { ref: incident.ref, title: md(incident.title) })}`,
		'',
		field(t('reports.cutover'), `${md(cutover.name)} (\`${cutover.slug}\`, ${md(cutover.timezone)})`),
		field(t('reports.severity'), t(`incidents.severity_${incident.severity}`)),
		field(t('reports.status'), t(`incidents.status_${incident.status}`)),
		field(t('reports.started'), at(incident.startedAt)),
		field(t('reports.detected'), at(incident.detectedAt)),
		field(t('reports.resolved'), incident.resolvedAt ? at(incident.resolvedAt) : t('reports.notResolved')),
		field(t('reports.mim'), md(incident.roles.mim) || t('reports.none')),
		field(t('reports.commsLead'), md(incident.roles.commsLead) || t('reports.none')),
		field(t('reports.scribe'), md(incident.roles.scribe) || t('reports.none')),
		field(
			t('reports.suppliers'),
			incident.roles.suppliers.map((s) => `${md(s.name)} (${md(s.organisation)})`).join(', ') ||
				t('reports.none')
		),
		'',
		`## ${t('reports.affected')}`,
		''
	];
	out.push(
		...(incident.affected.length
			? incident.affected.map(
					(a) =>
						`- ${md(a.service)}: ${t(`incidents.service_${a.impact}`)}` +
						(a.restoredAt ? ` (${t('reports.restoredAt', { at: at(a.restoredAt) })})` : '')
				)
			: [t('reports.none')]),
		'',
		`## ${t('reports.priorities')}`,
		'',
		...(incident.priorities.length
			? incident.priorities.map((p, i) => `${i + 1}. ${md(p)}`)
			: [t('reports.none')]),
		'',
		`## ${t('reports.timeline')}`,
		''
	);
	for (const e of incident.timeline)
		out.push(
			`- ${at(e.at)} · ${md(e.by)} · ${md(timelineEntryText(t, e))}${e.text ? `: ${md(e.text)}` : ''}`
		);
	out.push('', `## ${t('reports.metrics')}`, '');
	if (metrics.length === 0) out.push(t('reports.noMetrics'));
	for (const m of metrics) {
		const figure = (v: number) => `${Math.round(v * 100) / 100}${m.unit ? ` ${md(m.unit)}` : ''}`;
		out.push(`### ${md(m.name)}`, '', metricLines(t, m, figure), '');
		const rows = spanRows(m.points);
		if (rows.length === 0) {
			out.push(t('reports.noReadings'), '');
			continue;
		}
		out.push(
			`| ${t('reports.metricTime')} | ${t('reports.metricHighest')} | ${t('reports.metricAverage')} |`
		);
		out.push('|---|---|---|');
		for (const r of rows)
			out.push(`| ${at(new Date(r.at).toISOString())} | ${figure(r.max)} | ${figure(r.avg)} |`);
		out.push('');
	}
	out.push('', `## ${t('reports.reports')}`, '');
	const latest = latestReports(reports.reports);
	if (latest.length === 0) out.push(t('reports.noReports'));
	for (const { report: r, earlier, earlierAt } of latest) {
		out.push(
			`### ${t('reports.reportBy', { organisation: md(r.supplier.organisation), name: md(r.supplier.name), version: r.version })}`,
			'',
			t('reports.submittedAt', { at: at(r.submittedAt) })
		);
		if (earlier > 0) out.push('', t('reports.earlierVersions', { count: earlier, at: at(earlierAt) }));
		for (const key of ['when', 'how', 'what', 'why', 'consequences'] as const)
			out.push('', `#### ${t(`reports.${key}`)}`, '', quote(r[key]));
		out.push('', `#### ${t('reports.actions')}`, '', ...actions(r.actions));
	}
	out.push('', `## ${t('reports.rca')}`, '');
	const rca = latestRca(reports.rcas);
	if (!rca) out.push(t('reports.noRca'));
	else {
		out.push(
			t('reports.rcaVersion', { version: rca.version, by: md(rca.recordedBy), at: at(rca.recordedAt) })
		);
		for (const key of ['cause', 'contributing', 'wentWell', 'wentBadly'] as const)
			out.push('', `### ${t(`reports.${key}`)}`, '', quote(rca[key]));
		out.push('', `### ${t('reports.actions')}`, '', ...actions(rca.actions));
	}
	return out.join('\n') + '\n';
}
