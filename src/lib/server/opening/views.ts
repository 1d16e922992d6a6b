import type {
	OpeningActView,
	OpeningPlanInput,
	OpeningStageView,
	OpeningView
} from '../../shared/schemas/opening';
import type { OpeningActRow, OpeningPlanRow } from '../db/schema';

/** A plan's stages as kept: every field present, times as ISO text. */
export const stagesOf = (input: OpeningPlanInput): OpeningStageView[] =>
	input.stages.map((s) => ({
		key: s.key,
		name: s.name,
		audience: s.audience,
		share: s.share,
		notBefore: s.notBefore === null ? null : new Date(s.notBefore).toISOString(),
		conditions: s.conditions
	}));

export const actToView = (row: OpeningActRow): OpeningActView => ({
	kind: row.kind,
	at: row.at.toISOString(),
	by: row.actorName,
	reached: row.reached,
	part: row.part,
	note: row.note,
	override: row.override,
	gate: row.gate
});

export const planToView = (row: OpeningPlanRow, acts: readonly OpeningActRow[]): OpeningView => ({
	stages: row.stages,
	parts: row.parts,
	reached: row.reached,
	held: row.held,
	restrictions: row.restrictions,
	gate: row.gate,
	acts: acts.map(actToView),
	version: row.version
});
