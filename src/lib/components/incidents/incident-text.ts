/** Incidents in words: a timeline entry, a service's status, a clock. Shared by the banner and the pages. */
import type { I18n } from '$lib/client/i18n.svelte';
import type { ServiceView, TimelineEntry } from '$lib/shared/schemas/incidents';
import { timelineEntryText, type ServiceNames } from '$lib/shared/incidents/report-doc';
import { formatDuration } from '$lib/shared/time';

/** The catalogue's names by key, so entries and lists say "Customer e-services", not "customer". */
export const serviceNames = (services: readonly ServiceView[]): ServiceNames =>
	new Map(services.map((s) => [s.key, s.name]));

/** A duration between two instants (or up to now), in whole minutes, at least one. */
export function span(from: string | number, to: string | number | null, now: number): string {
	const start = typeof from === 'number' ? from : Date.parse(from);
	const end = to === null ? now : typeof to === 'number' ? to : Date.parse(to);
	return formatDuration(Math.max(1, Math.round((end - start) / 60_000)));
}

/** What one timeline entry says, without its note (shown apart), services by their names. */
export const entryText = (i18n: I18n, entry: TimelineEntry, names: ServiceNames): string =>
	timelineEntryText(i18n.t, entry, names);
