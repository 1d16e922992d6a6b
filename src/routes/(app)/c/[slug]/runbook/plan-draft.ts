/**
 * The opening plan editor's draft: the plan as the form holds it (every field as typed, fields named by their
 * path in `openingPlanInput`, e.g. `stages.1.conditions.0.threshold`), and the edits that add, remove or move its
 * stages, conditions and parts. A draft goes to the server and back with each edit, so the editor works without
 * JavaScript; only saving reads it into a plan.
 */
import type { OpeningView } from '$lib/shared/schemas/opening';

export interface ConditionDraft {
	metric: string;
	stat: string;
	windowMinutes: string;
	op: string;
	threshold: string;
	/** '' (the threshold is a figure), 'warning' or 'critical' (a percentage of that line). */
	of: string;
}

export interface StageDraft {
	key: string;
	name: string;
	audience: string;
	share: string;
	notBefore: string;
	conditions: ConditionDraft[];
}

export interface PartDraft {
	key: string;
	name: string;
}

export interface PlanDraft {
	stages: StageDraft[];
	parts: PartDraft[];
}

const STAGE_FIELDS = ['key', 'name', 'audience', 'share', 'notBefore'] as const;
const CONDITION_FIELDS = ['metric', 'stat', 'windowMinutes', 'op', 'threshold', 'of'] as const;
/** More than the schema takes (20 stages, 12 conditions, 50 parts), so a longer list is refused, not cut. */
const MOST = 100;

export const stagePath = (i: number) => `stages.${i}`;
export const conditionPath = (i: number, j: number) => `stages.${i}.conditions.${j}`;
export const partPath = (i: number) => `parts.${i}`;

/** The draft a submitted form holds (its fields by path; a stage by its key field, a condition by its operator). */
export function draftFromValues(values: Record<string, string>): PlanDraft {
	const read = (name: string) => values[name] ?? '';
	const stages: StageDraft[] = [];
	for (let i = 0; i < MOST && `${stagePath(i)}.key` in values; i++) {
		const conditions: ConditionDraft[] = [];
		for (let j = 0; j < MOST && `${conditionPath(i, j)}.op` in values; j++)
			conditions.push(
				Object.fromEntries(
					CONDITION_FIELDS.map((f) => [f, read(`${conditionPath(i, j)}.${f}`)])
				) as unknown as ConditionDraft
			);
		const stage = Object.fromEntries(STAGE_FIELDS.map((f) => [f, read(`${stagePath(i)}.${f}`)]));
		stages.push({ ...(stage as Omit<StageDraft, 'conditions'>), conditions });
	}
	const parts: PartDraft[] = [];
	for (let i = 0; i < MOST && `${partPath(i)}.key` in values; i++)
		parts.push({ key: read(`${partPath(i)}.key`), name: read(`${partPath(i)}.name`) });
	return { stages, parts };
}

/** The draft of the plan as it is (`wall` writes a time as the form shows it); none: an empty draft. */
export function draftFromPlan(
	opening: Pick<OpeningView, 'stages' | 'parts'> | null,
	wall: (iso: string | null) => string
): PlanDraft {
	if (!opening) return { stages: [], parts: [] };
	return {
		stages: opening.stages.map((s) => ({
			key: s.key,
			name: s.name,
			audience: s.audience,
			share: s.share === null ? '' : String(s.share),
			notBefore: wall(s.notBefore),
			conditions: s.conditions.map((c) => ({
				metric: c.metric,
				stat: c.stat,
				windowMinutes: String(c.windowMinutes),
				op: c.op,
				threshold: String(c.threshold),
				of: c.of ?? ''
			}))
		})),
		parts: opening.parts.map((p) => ({ key: p.key, name: p.name }))
	};
}

const newStage = (): StageDraft => ({
	key: '',
	name: '',
	audience: '',
	share: '',
	notBefore: '',
	conditions: []
});

const newCondition = (metric: string): ConditionDraft => ({
	metric,
	stat: 'max',
	windowMinutes: '10',
	op: '<',
	threshold: '',
	of: ''
});

function moved<T>(list: T[], i: number, to: number): T[] {
	if (to < 0 || to >= list.length) return list;
	const copy = [...list];
	[copy[i], copy[to]] = [copy[to], copy[i]];
	return copy;
}

/**
 * An edit of the draft, as its button names it: `addStage`, `removeStage.1`, `upStage.1`, `downStage.1`,
 * `addCondition.1`, `removeCondition.1.0`, `addPart`, `removePart.0`. Null for anything else (saving included).
 * A new condition reads `firstMetric` until another is chosen.
 */
export function editDraft(draft: PlanDraft, edit: string, firstMetric = ''): PlanDraft | null {
	const [what, a, b] = edit.split('.');
	const i = Number(a);
	const j = Number(b);
	const stageAt = Number.isInteger(i) && i >= 0 && i < draft.stages.length;
	const withStage = (change: (s: StageDraft) => StageDraft) => ({
		...draft,
		stages: draft.stages.map((s, k) => (k === i ? change(s) : s))
	});
	switch (what) {
		case 'addStage':
			return { ...draft, stages: [...draft.stages, newStage()] };
		case 'removeStage':
			return stageAt ? { ...draft, stages: draft.stages.filter((_, k) => k !== i) } : null;
		case 'upStage':
			return stageAt ? { ...draft, stages: moved(draft.stages, i, i - 1) } : null;
		case 'downStage':
			return stageAt ? { ...draft, stages: moved(draft.stages, i, i + 1) } : null;
		case 'addCondition':
			return stageAt
				? withStage((s) => ({ ...s, conditions: [...s.conditions, newCondition(firstMetric)] }))
				: null;
		case 'removeCondition':
			return stageAt && Number.isInteger(j)
				? withStage((s) => ({ ...s, conditions: s.conditions.filter((_, k) => k !== j) }))
				: null;
		case 'addPart':
			return { ...draft, parts: [...draft.parts, { key: '', name: '' }] };
		case 'removePart':
			return Number.isInteger(i) ? { ...draft, parts: draft.parts.filter((_, k) => k !== i) } : null;
		default:
			return null;
	}
}
