import { describe, expect, it } from 'vitest';
import { draftFromPlan, draftFromValues, editDraft, type PlanDraft } from './plan-draft';

const DRAFT: PlanDraft = {
	stages: [
		{ key: 'internal', name: 'Internal', audience: 'staff', share: '', notBefore: '', conditions: [] },
		{
			key: 'tenth',
			name: 'Ten',
			audience: '',
			share: '10',
			notBefore: '5 Dec 2026, 07:00',
			conditions: [
				{ metric: 'p95', stat: 'max', windowMinutes: '10', op: '<', threshold: '800', of: '' },
				{ metric: 'users', stat: 'last', windowMinutes: '1', op: '<', threshold: '80', of: 'critical' }
			]
		}
	],
	parts: [{ key: 'market', name: 'Marketplace' }]
};

/** The fields a form of the draft submits, named by their path. */
function valuesOf(draft: PlanDraft): Record<string, string> {
	const values: Record<string, string> = { do: 'save', firstMetric: 'p95' };
	draft.stages.forEach((s, i) => {
		const { conditions, ...fields } = s;
		for (const [f, v] of Object.entries(fields)) values[`stages.${i}.${f}`] = v;
		conditions.forEach((c, j) => {
			for (const [f, v] of Object.entries(c)) values[`stages.${i}.conditions.${j}.${f}`] = v;
		});
	});
	draft.parts.forEach((p, i) => {
		values[`parts.${i}.key`] = p.key;
		values[`parts.${i}.name`] = p.name;
	});
	return values;
}

describe('the opening plan draft', () => {
	it('reads back from its form fields exactly as it was written', () => {
		expect(draftFromValues(valuesOf(DRAFT))).toEqual(DRAFT);
		expect(draftFromValues({ do: 'save' })).toEqual({ stages: [], parts: [] });
	});

	it('adds, removes and moves stages, conditions and parts, leaving the rest as typed', () => {
		const added = editDraft(DRAFT, 'addStage')!;
		expect(added.stages.map((s) => s.key)).toEqual(['internal', 'tenth', '']);
		expect(editDraft(DRAFT, 'removeStage.0')!.stages.map((s) => s.key)).toEqual(['tenth']);
		expect(editDraft(DRAFT, 'upStage.1')!.stages.map((s) => s.key)).toEqual(['tenth', 'internal']);
		expect(editDraft(DRAFT, 'downStage.0')!.stages.map((s) => s.key)).toEqual(['tenth', 'internal']);
		// Moving past either end changes nothing.
		expect(editDraft(DRAFT, 'upStage.0')).toEqual(DRAFT);
		expect(editDraft(DRAFT, 'downStage.1')).toEqual(DRAFT);

		const condition = editDraft(DRAFT, 'addCondition.0', 'p95')!;
		expect(condition.stages[0].conditions).toEqual([
			{ metric: 'p95', stat: 'max', windowMinutes: '10', op: '<', threshold: '', of: '' }
		]);
		expect(condition.stages[1]).toEqual(DRAFT.stages[1]);
		const removed = editDraft(DRAFT, 'removeCondition.1.0')!;
		expect(removed.stages[1].conditions.map((c) => c.metric)).toEqual(['users']);

		expect(editDraft(DRAFT, 'addPart')!.parts).toEqual([...DRAFT.parts, { key: '', name: '' }]);
		expect(editDraft(DRAFT, 'removePart.0')!.parts).toEqual([]);
	});

	it('knows no other edit, nor a stage that is not there', () => {
		for (const edit of ['save', '', 'dropTables', 'removeStage.7', 'upStage.x', 'addCondition.-1'])
			expect(editDraft(DRAFT, edit), edit).toBeNull();
	});

	it('starts from the plan as it is, times written as the form writes them', () => {
		const draft = draftFromPlan(
			{
				stages: [
					{
						key: 'a',
						name: 'A',
						audience: '',
						share: 50,
						notBefore: '2026-12-05T05:00:00.000Z',
						conditions: [
							{ metric: 'p95', stat: 'avg', windowMinutes: 0.5, op: '>=', threshold: 3, of: 'warning' }
						]
					}
				],
				parts: []
			},
			(iso) => `wall ${iso}`
		);
		expect(draft.stages[0]).toEqual({
			key: 'a',
			name: 'A',
			audience: '',
			share: '50',
			notBefore: 'wall 2026-12-05T05:00:00.000Z',
			conditions: [
				{ metric: 'p95', stat: 'avg', windowMinutes: '0.5', op: '>=', threshold: '3', of: 'warning' }
			]
		});
		expect(draftFromPlan(null, () => '')).toEqual({ stages: [], parts: [] });
	});
});
