/**
 * The sample's steering group and its go/no-go decision point on the checkpoint TST-19 ("Steering group go
 * decision"). Voters must be users, so the sample adds its fictional steering members as users with a random
 * password nobody knows, marked as the sample's (they do not close setup): an admin who wants to vote as one of
 * them sets a password under Users.
 */
import { randomBytes } from 'node:crypto';
import type { DecisionOpenInput } from '../../shared/schemas/decisions';
import type { Actor } from '../auth/actor';
import { createUserAsSystem } from '../auth/auth.service';
import type { Ctx } from '../context';
import { openDecision, updateCriterion } from '../decisions/decision.service';
import { ConflictError } from '../errors';

export interface SteeringMember {
	username: string;
	displayName: string;
}

export const SAMPLE_CHAIR: SteeringMember = {
	username: 'helena.korpela',
	displayName: 'Helena Korpela (Director General)'
};
/** The CISO's no-go blocks a go. */
export const SAMPLE_CISO: SteeringMember = { username: 'jari.niemi', displayName: 'Jari Niemi (CISO)' };
export const SAMPLE_STEERING: SteeringMember[] = [
	SAMPLE_CHAIR,
	{ username: 'mikael.sundstrom', displayName: 'Mikael Sundström (CIO)' },
	{ username: 'aino.lehtinen', displayName: 'Aino Lehtinen (Head of Customer Services)' },
	SAMPLE_CISO
];

export const SAMPLE_GO_DECISION = 'GO';
export const SAMPLE_CHECKPOINT = 'TST-19';

/**
 * The readiness criteria of the go decision. Those met before the weekend carry their evidence; the others are
 * shown met by the task that produces their evidence (the demo's simulator marks them when it finishes).
 */
export const SAMPLE_CRITERIA: {
	title: string;
	owner: string;
	evidence: { task: string } | { note: string };
}[] = [
	{ title: 'Security audit report', owner: 'security', evidence: { task: 'TST-13' } },
	{ title: 'Privacy check', owner: 'security', evidence: { task: 'TST-14' } },
	{
		title: 'Description of security features',
		owner: 'security',
		evidence: { note: 'Approved by the CISO at the readiness review before the weekend.' }
	},
	{ title: 'Technical recovery plan', owner: 'infra', evidence: { task: 'TST-12' } },
	{
		title: 'Continuity plan',
		owner: 'steering',
		evidence: { note: 'Continuity plan 1.3 approved by the steering group before the weekend.' }
	},
	{ title: 'Data validation', owner: 'dba', evidence: { task: 'TR-99' } },
	{ title: 'Capacity test', owner: 'test', evidence: { task: 'TST-11' } },
	{
		title: 'Rollback rehearsed',
		owner: 'infra',
		evidence: { note: 'Rolled back to the old platform in the second dress rehearsal, in 3 h 40 min.' }
	}
];

/** Adds the steering members who are not users yet (a user of the same name is taken to be the member). */
export async function ensureSampleSteering(ctx: Ctx): Promise<void> {
	for (const member of SAMPLE_STEERING) {
		try {
			await createUserAsSystem(
				ctx,
				{
					...member,
					role: 'steering',
					team: 'steering',
					password: randomBytes(24).toString('base64url')
				},
				{ sample: true }
			);
		} catch (err) {
			if (!(err instanceof ConflictError)) throw err;
		}
	}
}

export function sampleGoDecision(): DecisionOpenInput {
	return {
		key: SAMPLE_GO_DECISION,
		title: 'Go/no-go: open Työpolku 2.0 on Monday morning',
		description:
			'The steering group meets at 18:00 on Sunday, once the acceptance report is in. Go when every transfer ' +
			'is signed off with reconciled counts, no blocking defects are open, the performance test passed at ' +
			'opening-day load and the security findings are accepted. Otherwise extend the window or roll back.',
		checkpointTask: SAMPLE_CHECKPOINT,
		voters: SAMPLE_STEERING.map((m) => m.username),
		mandatoryVoters: [SAMPLE_CISO.username],
		chair: SAMPLE_CHAIR.username,
		quorum: 3,
		closesAt: null,
		criteria: SAMPLE_CRITERIA.map(({ title, owner }) => ({ title, owner })),
		reviews: null
	};
}

/** Opens the go decision point and marks the criteria met before the weekend. */
export async function openSampleDecision(ctx: Ctx, actor: Actor, slug: string): Promise<void> {
	await ensureSampleSteering(ctx);
	const decision = await openDecision(ctx, actor, slug, sampleGoDecision());
	for (const [i, criterion] of SAMPLE_CRITERIA.entries())
		if ('note' in criterion.evidence)
			await updateCriterion(ctx, actor, slug, SAMPLE_GO_DECISION, decision.criteria[i].id, {
				state: 'met',
				evidenceNote: criterion.evidence.note
			});
}
