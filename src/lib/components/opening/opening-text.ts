/** The opening in words: a stage's name, a gate condition, an act. Shared by the panel and the activity feed. */
import type { I18n } from '$lib/client/i18n.svelte';
import type { MetricView } from '$lib/shared/schemas/metrics';
import type { GateEvaluationView, OpeningActView, OpeningView } from '$lib/shared/schemas/opening';

type Condition = GateEvaluationView['conditions'][number];

/** The stage open after `reached` stages (its name), or "no stage". */
export function stageName(i18n: I18n, opening: Pick<OpeningView, 'stages'>, reached: number): string {
	return opening.stages[reached - 1]?.name ?? i18n.t('opening.noStage');
}

const partName = (opening: Pick<OpeningView, 'parts'>, key: string | null) =>
	opening.parts.find((p) => p.key === key)?.name ?? key ?? '';

/** "opened stage 10 % of the public", "restricted Expert marketplace"... */
export function actText(i18n: I18n, act: OpeningActView, opening: Pick<OpeningView, 'stages' | 'parts'>) {
	const stage = stageName(i18n, opening, act.reached);
	const part = partName(opening, act.part);
	return i18n.t(`opening.act_${act.kind}`, { stage, part });
}

/** A figure with the metric's unit ("640 ms"). */
export function withUnit(i18n: I18n, value: number, unit: string | undefined): string {
	return unit ? `${i18n.n(value)} ${unit}` : i18n.n(value);
}

/** "p95 response time: highest over 10 min < 800 ms" (or "< 80 % of the critical line"). */
export function conditionText(i18n: I18n, c: Condition, metric: MetricView | undefined): string {
	const limit =
		c.of === null
			? withUnit(i18n, c.threshold, metric?.unit)
			: i18n.t('opening.ofLine', { threshold: c.threshold, line: i18n.t(`opening.line_${c.of}`) });
	return i18n.t('opening.condition', {
		metric: metric?.name ?? c.metric,
		stat: i18n.t(`opening.stat_${c.stat}`),
		minutes: c.windowMinutes,
		op: c.op,
		limit
	});
}
