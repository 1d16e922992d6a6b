/** How the load views write a metric's level and reading: the level as text with a sign (never colour alone). */
import type { I18n } from '$lib/client/i18n.svelte';
import type { MetricLevel } from '$lib/shared/metrics/state';

/** A sign beside each level's word, so the level reads without its colour. */
export const LEVEL_SIGN: Record<MetricLevel, string> = { ok: '✓', warning: '▲', critical: '✖' };

/** A reading as a figure, or a dash before the first. */
export function readingText(i18n: I18n, value: number | null): string {
	return value === null ? '–' : i18n.n(Math.round(value * 100) / 100);
}

/** The capacity lines set on a metric, as "warning 80 · critical 95". */
export function linesText(i18n: I18n, metric: { warning: number | null; critical: number | null }): string {
	const lines = [
		metric.warning === null ? null : i18n.t('metrics.warningAt', { value: metric.warning }),
		metric.critical === null ? null : i18n.t('metrics.criticalAt', { value: metric.critical })
	].filter((l) => l !== null);
	return lines.length ? lines.join(' · ') : i18n.t('metrics.noLines');
}
