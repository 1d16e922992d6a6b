/**
 * The opening plan inside a cutover's write: the opening service sets the plan through these, and a runbook import
 * sets the plan its file carries in its own transaction, so a plan is checked the same way whichever way it comes.
 */
import { evaluateGate, longestWindowMs, type GateEvaluation } from '../../shared/opening/gate';
import type { OpeningPlanInput, OpeningView } from '../../shared/schemas/opening';
import type { Db, Tx } from '../db/client';
import type { OpeningPlanRow } from '../db/schema';
import { fieldIssue } from '../../shared/i18n/field-issues';
import { issuesError } from '../errors';
import type { CutoverWriter } from '../events/event.service';
import { gateMetricsOf } from '../metrics/metric.service';
import { metricsOf } from '../metrics/metric.tx';
import * as q from './opening.queries';
import { planToView, stagesOf } from './views';

/** The gate of the stage after the `reached` ones, evaluated now; null when every stage is open. */
export async function nextGate(
	tx: Db | Tx,
	cutoverId: string,
	stages: OpeningPlanRow['stages'],
	reached: number,
	now: number
): Promise<GateEvaluation | null> {
	const next = stages[reached];
	if (!next) return null;
	const keys = next.conditions.map((c) => c.metric);
	const metrics = await gateMetricsOf(tx, cutoverId, keys, now - longestWindowMs(next.conditions), now);
	return evaluateGate(next, metrics, now);
}

/**
 * Sets (or replaces) the plan, recorded as `opening.planned`. Stages already open stay open, as many as the new plan
 * has. A condition must read a metric of the cutover (a gate over no metric could never pass); the refusal names
 * the first one that does not, under `at` (the plan's place in a larger input, e.g. `opening.` in a runbook file).
 */
export async function putOpeningPlan(
	w: CutoverWriter,
	input: OpeningPlanInput,
	now: number,
	at = ''
): Promise<OpeningView> {
	const known = new Set((await metricsOf(w.tx, w.cutover.id)).map((m) => m.key));
	for (const [i, stage] of input.stages.entries())
		for (const [j, condition] of stage.conditions.entries())
			if (!known.has(condition.metric))
				throw issuesError([
					fieldIssue(`${at}stages.${i}.conditions.${j}.metric`, 'metricUnknown', { key: condition.metric })
				]);
	const current = await q.planOf(w.tx, w.cutover.id);
	const stages = stagesOf(input);
	const reached = Math.min(current?.reached ?? 0, stages.length);
	const gate = await nextGate(w.tx, w.cutover.id, stages, reached, now);
	const row = await q.putPlan(w.tx, w.cutover.id, { stages, parts: input.parts, reached, gate });
	const opening = planToView(row, await q.actsOf(w.tx, w.cutover.id));
	w.record('opening.planned', { opening });
	return opening;
}

/** The plan as a runbook file carries it (its stages and parts, not where the room has taken it); null: none. */
export async function openingPlanOf(
	db: Db | Tx,
	cutoverId: string
): Promise<Pick<OpeningView, 'stages' | 'parts'> | null> {
	const plan = await q.planOf(db, cutoverId);
	return plan ? { stages: plan.stages, parts: plan.parts } : null;
}
