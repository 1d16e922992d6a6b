/**
 * The staged opening: the plan (kept with the runbook) and the room's acts that move it. Every act is recorded
 * with a note of why, in the cutover's log and in the opening's own list: advancing (through a gate that has not
 * passed only with an override and its reason), stepping back, holding and resuming, restricting a part of the
 * service and lifting it. Each act's event carries the whole opening after it, so a board, and the service's own
 * admission control behind a webhook, need no other state. The next stage's gate is evaluated at every act and
 * by the gate watcher (gate-watcher.ts), which tells boards when it changes.
 */
import { sameEvaluation, type GateEvaluation } from '../../shared/opening/gate';
import type {
	OpeningActKind,
	OpeningAdvanceInput,
	OpeningPlanInput,
	OpeningRestrictInput,
	OpeningStepBackInput,
	OpeningView
} from '../../shared/schemas/opening';
import { require, systemActor, type Actor } from '../auth/actor';
import type { Ctx } from '../context';
import type { Db, Tx } from '../db/client';
import type { OpeningPlanRow } from '../db/schema';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { writeCutover, type CutoverWriter } from '../events/event.service';
import { findCutover } from '../runbook/cutover-lookup';
import * as q from './opening.queries';
import { nextGate, putOpeningPlan } from './opening.tx';
import { actToView, planToView } from './views';

/** The opening of a cutover as a board shows it; null when it has no plan. */
export async function openingOf(db: Db | Tx, cutoverId: string): Promise<OpeningView | null> {
	const plan = await q.planOf(db, cutoverId);
	return plan ? planToView(plan, await q.actsOf(db, cutoverId)) : null;
}

export async function getOpening(ctx: Ctx, actor: Actor, slug: string): Promise<OpeningView> {
	const cutover = await findCutover(ctx, actor, slug);
	const opening = await openingOf(ctx.db, cutover.id);
	if (!opening) throw new NotFoundError({ reason: 'errors.openingNoPlan', params: { slug } });
	return opening;
}

/** Sets (or replaces) the plan. Stages already open stay open, as many as the new plan has. */
export async function setOpeningPlan(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	input: OpeningPlanInput
): Promise<OpeningView> {
	require(actor, 'runbook.edit', 'plan the opening');
	const { result } = await writeCutover(ctx, actor, { slug }, (w) =>
		putOpeningPlan(w, input, ctx.clock.now())
	);
	return result;
}

interface Act {
	kind: OpeningActKind;
	note: string;
	part?: string;
	override?: string;
	gate?: GateEvaluation | null;
	changes: Parameters<typeof q.updatePlan>[2];
}

/**
 * Runs one act of the room under the cutover's lock: `decide` checks the rules and says what changes. An act that
 * says how many stages its caller saw open (`expectedStage`) is refused when someone else moved the opening
 * meanwhile, whichever act it is.
 */
async function act(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	expectedStage: number | undefined,
	decide: (plan: OpeningPlanRow, w: CutoverWriter, now: number) => Promise<Act> | Act
): Promise<OpeningView> {
	require(actor, 'opening.steer', 'steer the opening');
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		const plan = await q.planOf(w.tx, w.cutover.id);
		if (!plan) throw new NotFoundError({ reason: 'errors.openingNoPlan', params: { slug } });
		if (expectedStage !== undefined && expectedStage !== plan.reached)
			throw new ConflictError({ reason: 'errors.openingStageMoved' }, { reached: plan.reached });
		const now = ctx.clock.now();
		const a = await decide(plan, w, now);
		const reached = a.changes.reached ?? plan.reached;
		// The gate moves on with the stage: the board sees the next one's at once.
		const gate =
			reached === plan.reached && a.gate === undefined
				? plan.gate
				: await nextGate(w.tx, w.cutover.id, plan.stages, reached, now);
		const row = await q.updatePlan(w.tx, w.cutover.id, { ...a.changes, gate });
		const actRow = await q.insertAct(w.tx, {
			cutoverId: w.cutover.id,
			at: new Date(now),
			kind: a.kind,
			actorName: actor.name,
			reached,
			part: a.part ?? null,
			note: a.note,
			override: a.override ?? null,
			gate: a.gate ?? null
		});
		const opening = planToView(row, await q.actsOf(w.tx, w.cutover.id));
		w.record(`opening.${a.kind}`, { act: actToView(actRow), opening });
		return opening;
	});
	return result;
}

/**
 * Opens the next stage. Its gate is evaluated now, under the lock: a gate that has not passed (a condition red
 * or without data, or its time not come) needs an override with a reason, which the log keeps with the gate as
 * it stood. `expectedStage` (how many stages the caller saw open) keeps two people from advancing twice.
 */
export function advanceOpening(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	input: OpeningAdvanceInput
): Promise<OpeningView> {
	return act(ctx, actor, slug, input.expectedStage, async (plan, w, now) => {
		if (plan.held) throw new ConflictError({ reason: 'errors.openingHeld' });
		if (plan.reached >= plan.stages.length) throw new ConflictError({ reason: 'errors.openingComplete' });
		const gate = (await nextGate(w.tx, w.cutover.id, plan.stages, plan.reached, now))!;
		if (!gate.passed && !input.override)
			throw new ConflictError({ reason: 'errors.openingGateShut', params: { stage: gate.stage } }, { gate });
		return {
			kind: 'advanced',
			note: input.note,
			override: gate.passed ? undefined : input.override,
			gate,
			changes: { reached: plan.reached + 1 }
		};
	});
}

export function stepBackOpening(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	input: OpeningStepBackInput
): Promise<OpeningView> {
	return act(ctx, actor, slug, input.expectedStage, (plan) => {
		if (plan.reached === 0) throw new ConflictError({ reason: 'errors.openingNotStarted' });
		return { kind: 'stepped_back', note: input.note, changes: { reached: plan.reached - 1 } };
	});
}

export function holdOpening(ctx: Ctx, actor: Actor, slug: string, input: { note: string }) {
	return act(ctx, actor, slug, undefined, (plan, _w, now) => {
		if (plan.held) throw new ConflictError({ reason: 'errors.openingHeld' });
		const held = { since: new Date(now).toISOString(), note: input.note, by: actor.name };
		return { kind: 'held', note: input.note, changes: { held } };
	});
}

export function resumeOpening(ctx: Ctx, actor: Actor, slug: string, input: { note: string }) {
	return act(ctx, actor, slug, undefined, (plan) => {
		if (!plan.held) throw new ConflictError({ reason: 'errors.openingNotHeld' });
		return { kind: 'resumed', note: input.note, changes: { held: null } };
	});
}

function partOf(plan: OpeningPlanRow, key: string) {
	const part = plan.parts.find((p) => p.key === key);
	if (!part) throw new ValidationError({ reason: 'errors.openingUnknownPart', params: { part: key } });
	return part;
}

/** Restricts a part of the service (scenario 1: "the expert marketplace restricted for the day"). */
export function restrictPart(ctx: Ctx, actor: Actor, slug: string, input: OpeningRestrictInput) {
	return act(ctx, actor, slug, undefined, (plan, _w, now) => {
		const part = partOf(plan, input.part);
		if (plan.restrictions.some((r) => r.part === part.key))
			throw new ConflictError({ reason: 'errors.openingPartRestricted', params: { part: part.name } });
		const restriction = {
			part: part.key,
			note: input.note,
			since: new Date(now).toISOString(),
			by: actor.name
		};
		return {
			kind: 'restricted',
			note: input.note,
			part: part.key,
			changes: { restrictions: [...plan.restrictions, restriction] }
		};
	});
}

export function liftRestriction(ctx: Ctx, actor: Actor, slug: string, input: OpeningRestrictInput) {
	return act(ctx, actor, slug, undefined, (plan) => {
		const part = partOf(plan, input.part);
		if (!plan.restrictions.some((r) => r.part === part.key))
			throw new ConflictError({ reason: 'errors.openingPartNotRestricted', params: { part: part.name } });
		return {
			kind: 'lifted',
			note: input.note,
			part: part.key,
			changes: { restrictions: plan.restrictions.filter((r) => r.part !== part.key) }
		};
	});
}

/**
 * Evaluates a cutover's next gate and, when it says something new (a condition turned, a figure moved), keeps it
 * and tells the boards. Returns whether it changed. The evaluation is made first without the cutover's lock, so
 * a gate that says what it said before (most rounds) costs reads only and never waits for, or holds up, a write;
 * a change is evaluated again under the lock, against the plan as it is then.
 */
export async function watchGate(ctx: Ctx, cutoverId: string): Promise<boolean> {
	const seen = await q.planOf(ctx.db, cutoverId);
	if (!seen) return false;
	const now = ctx.clock.now();
	if (sameEvaluation(seen.gate, await nextGate(ctx.db, cutoverId, seen.stages, seen.reached, now)))
		return false;
	const { result } = await writeCutover(ctx, systemActor('opening gate'), cutoverId, async (w) => {
		const plan = await q.planOf(w.tx, cutoverId);
		if (!plan) return false;
		const gate = await nextGate(w.tx, cutoverId, plan.stages, plan.reached, ctx.clock.now());
		if (sameEvaluation(plan.gate, gate)) return false;
		await q.updatePlan(w.tx, cutoverId, { gate });
		w.record('opening.gate_evaluated', { gate });
		return true;
	});
	return result;
}

/** The cutovers whose next gate is watched. */
export async function cutoversOpening(db: Db): Promise<string[]> {
	return (await q.plansInProgress(db)).map((r) => r.cutoverId);
}
