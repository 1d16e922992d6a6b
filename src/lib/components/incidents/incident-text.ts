/** Incidents in words: a timeline entry, a service's status, a clock. Shared by the banner and the pages. */
import type { I18n } from '$lib/client/i18n.svelte';
import type { ServiceStatus } from '$lib/shared/incidents/rules';
import type { ServiceView, TimelineEntry } from '$lib/shared/schemas/incidents';
import { formatDuration } from '$lib/shared/time';

export type ServiceNames = ReadonlyMap<string, string>;

/** The catalogue's names by key, so entries and lists say "Customer e-services", not "customer". */
export const serviceNames = (services: readonly ServiceView[]): ServiceNames =>
	new Map(services.map((s) => [s.key, s.name]));

const nameOf = (names: ServiceNames, key: string) => names.get(key) ?? key;

export const impactText = (i18n: I18n, status: ServiceStatus | null): string =>
	status === null ? i18n.t('incidents.service_none') : i18n.t(`incidents.service_${status}`);

/** A duration between two instants (or up to now), in whole minutes, at least one. */
export function span(from: string | number, to: string | number | null, now: number): string {
	const start = typeof from === 'number' ? from : Date.parse(from);
	const end = to === null ? now : typeof to === 'number' ? to : Date.parse(to);
	return formatDuration(Math.max(1, Math.round((end - start) / 60_000)));
}

/** What one timeline entry says, without its note (shown apart). */
export function entryText(i18n: I18n, entry: TimelineEntry, names: ServiceNames): string {
	const t = i18n.t;
	const d = entry.detail;
	const who = (name: string | null) => name ?? t('incidents.nobody');
	switch (d.kind) {
		case 'opened':
			return t('incidents.entry_opened', {
				severity: t(`incidents.severity_${d.severity}`),
				status: t(`incidents.status_${d.status}`)
			});
		case 'status':
			return t('incidents.entry_status', {
				from: t(`incidents.status_${d.from}`),
				to: t(`incidents.status_${d.to}`)
			});
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
							service: nameOf(names, c.service),
							from: impactText(i18n, c.from),
							to: impactText(i18n, c.to)
						})
					)
					.join('; ')
			});
		case 'breach':
			return t('incidents.entry_breach', { metric: d.metric, seq: d.seq });
		case 'priorities':
			return t('incidents.entry_priorities', {
				order: d.to.map((k) => nameOf(names, k)).join(' → ') || t('incidents.noPriorities')
			});
		case 'restriction':
			return d.action === 'restricted'
				? t('incidents.entry_restricted', { service: nameOf(names, d.service), reason: d.reason })
				: t('incidents.entry_lifted', { service: nameOf(names, d.service) });
		case 'note':
			return t('incidents.entry_note');
		case 'correction':
			return t('incidents.entry_correction', { id: d.corrects });
		case 'decision':
			return t('incidents.entry_decision', { decision: d.decision, title: d.title, outcome: d.outcome });
		case 'opening':
			return d.act === 'restricted'
				? t('incidents.entry_openingRestricted', { part: d.part ?? '' })
				: t('incidents.entry_openingLifted', { part: d.part ?? '' });
	}
}
