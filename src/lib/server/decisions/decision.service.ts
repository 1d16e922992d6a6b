/**
 * Go/no-go decisions: decision points with readiness criteria, named votes and an outcome recorded by the chair.
 * Votes and outcomes are records, never edited: a changed vote is a new vote that supersedes the voter's last,
 * a corrected outcome a new outcome that supersedes the standing one. The rules themselves (tally, quorum,
 * blocking no-go, when a vote or an outcome is refused) are the shared ones in `shared/decisions.ts`.
 */
import { randomUUID } from 'node:crypto';
import { decisionLogCsv, decisionLogMarkdown } from '../../shared/decision-log';
import { latestVotes, outcomeRefusal, standingOutcome, tally, voteRefusal } from '../../shared/decisions';
import type { Role } from '../../shared/roles';
import { can } from '../../shared/roles';
import type {
	CriterionUpdateInput,
	CriterionView,
	DecisionOpenInput,
	DecisionRecorded,
	DecisionView,
	NoticeDraftView,
	OutcomeInput,
	Tally,
	VoteInput,
	VoteView
} from '../../shared/schemas/decisions';
import type { TaskStatus } from '../../shared/task-status';
import { actorOwns, require, type Actor } from '../auth/actor';
import { recordedAt } from '../clock';
import type { Ctx } from '../context';
import type { Db, Tx } from '../db/client';
import type { CutoverRow, DecisionPointRow } from '../db/schema';
import type { Refusal } from '../../shared/i18n';
import { ConflictError, englishText, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { writeCutover } from '../events/event.service';
import { latestForecastView } from '../forecast/forecast.service';
import { findCutover } from '../runbook/cutover-lookup';
import { recordWindowChange, windowHistoryOf } from '../runbook/window-history';
import { systemTaskMoved } from '../programmes/programmes.tx';
import * as runbook from '../runbook/runbook.tx';
import { cutoverToView, taskToView } from '../runbook/views';
import * as q from './decision.queries';
import { draftNotice } from '../notices/notice.tx';
import { noticeTexts } from './notices';
import {
	criterionToView,
	decisionToView,
	decisionViews,
	noticeDraftToView,
	outcomeToView,
	voteToView
} from './views';

/** `GET .../decisions/log` is a route of its own, so no decision point may be called that. */
const RESERVED_KEYS = new Set(['log']);

/** Who did it, as records name people: the username, or the token's or system's name. */
const byName = (actor: Actor) => actor.username ?? actor.name;

/** Every decision point of a cutover with its criteria, votes and outcomes, in the order opened. */
export async function decisionsOf(db: Db | Tx, cutoverId: string): Promise<DecisionView[]> {
	const points = await q.listPoints(db, cutoverId);
	return decisionViews(
		points,
		await q.recordsOf(
			db,
			points.map((p) => p.id)
		)
	);
}

async function decisionOf(
	db: Db | Tx,
	cutoverId: string,
	key: string
): Promise<{ point: DecisionPointRow; view: DecisionView }> {
	const point = await q.pointByKey(db, cutoverId, key);
	if (!point) throw new NotFoundError({ reason: 'errors.decisionNotFound', params: { key } });
	return { point, view: decisionToView(point, await q.recordsOf(db, [point.id])) };
}

export async function noticeDraftsOf(db: Db | Tx, cutoverId: string): Promise<NoticeDraftView[]> {
	return (await q.listNoticeDrafts(db, cutoverId)).map(noticeDraftToView);
}

// ---- Reads ----

export async function listDecisions(ctx: Ctx, actor: Actor, slug: string): Promise<DecisionView[]> {
	const cutover = await findCutover(ctx, actor, slug);
	return decisionsOf(ctx.db, cutover.id);
}

export async function getDecision(ctx: Ctx, actor: Actor, slug: string, key: string): Promise<DecisionView> {
	const cutover = await findCutover(ctx, actor, slug);
	return (await decisionOf(ctx.db, cutover.id, key)).view;
}

export async function listNoticeDrafts(ctx: Ctx, actor: Actor, slug: string): Promise<NoticeDraftView[]> {
	const cutover = await findCutover(ctx, actor, slug);
	return noticeDraftsOf(ctx.db, cutover.id);
}

/** The people who can be named as voters, chair or criterion owners (any signed-in user may read them). */
export async function listPeople(
	ctx: Ctx,
	_actor: Actor
): Promise<{ username: string; displayName: string; role: Role; team: string | null }[]> {
	const rows = await q.listPeople(ctx.db);
	return rows.map((r) => ({ ...r, role: r.role as Role }));
}

/** The decision log as a file: Markdown (with the window's history) or CSV. */
export async function decisionLog(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	format: 'md' | 'csv'
): Promise<{ filename: string; contentType: string; body: string }> {
	const row = await findCutover(ctx, actor, slug);
	const cutover = cutoverToView(row);
	const decisions = await decisionsOf(ctx.db, row.id);
	if (format === 'csv')
		return {
			filename: `${row.slug}-decisions.csv`,
			contentType: 'text/csv; charset=utf-8',
			body: decisionLogCsv(cutover, decisions)
		};
	return {
		filename: `${row.slug}-decisions.md`,
		contentType: 'text/markdown; charset=utf-8',
		body: decisionLogMarkdown(cutover, decisions, await windowHistoryOf(ctx.db, row.id))
	};
}

// ---- Writes ----

/**
 * Every named person must be a user who can sign in, and whose role may act as what they are named (voters vote,
 * the chair chairs); the message names the ones who are not.
 */
async function assertPeopleMay(
	tx: Tx,
	names: { field: string; usernames: string[]; as: 'decision.vote' | 'decision.chair' }[]
) {
	const all = [...new Set(names.flatMap((n) => n.usernames))];
	const found = new Map((await q.usersNamed(tx, all)).map((u) => [u.username, u]));
	const problems = names.flatMap(({ field, usernames, as }): Refusal[] => {
		const unknown = usernames.filter((u) => !found.has(u)).join(', ');
		const disabled = usernames.filter((u) => found.get(u)?.disabled).join(', ');
		const mayNot = usernames
			.map((u) => found.get(u))
			.filter((u) => u && !u.disabled && !can(u.role as Role, as))
			.map((u) => `${u!.username} (${u!.role})`)
			.join(', ');
		const reason = as === 'decision.vote' ? 'errors.votersMayNot' : 'errors.chairMayNot';
		return [
			...(unknown ? [{ reason: 'errors.usersNotFound', params: { field, names: unknown } } as const] : []),
			...(disabled ? [{ reason: 'errors.usersDisabled', params: { field, names: disabled } } as const] : []),
			...(mayNot ? [{ reason, params: { field, names: mayNot } } as const] : [])
		];
	});
	// One problem (the usual typo) has its reason; several keep the English list that names them all.
	if (problems.length)
		throw new ValidationError(problems.length === 1 ? problems[0] : problems.map(englishText).join('; '));
}

export async function openDecision(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	input: DecisionOpenInput
): Promise<DecisionView> {
	require(actor, 'decision.open', 'open decision points');
	if (RESERVED_KEYS.has(input.key))
		throw new ValidationError({ reason: 'errors.decisionKeyReserved', params: { key: input.key } });
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		const cutoverId = w.cutover.id;
		if (await q.pointByKey(w.tx, cutoverId, input.key))
			throw new ConflictError({ reason: 'errors.decisionKeyTaken', params: { key: input.key } });
		// Mandatory voters are voters (the schema sees to it), so checking the voters covers them.
		await assertPeopleMay(w.tx, [
			{ field: 'voters', usernames: input.voters, as: 'decision.vote' },
			{ field: 'chair', usernames: [input.chair], as: 'decision.chair' }
		]);
		if (input.checkpointTask) {
			const [task] = await runbook.taskStatuses(w.tx, cutoverId, [input.checkpointTask]);
			if (!task)
				throw new ValidationError({
					reason: 'errors.checkpointTaskNotFound',
					params: { key: input.checkpointTask }
				});
		}
		if (input.reviews) {
			const reviewed = await q.pointByKey(w.tx, cutoverId, input.reviews.decision);
			if (!reviewed)
				throw new ValidationError({
					reason: 'errors.reviewedNotFound',
					params: { key: input.reviews.decision }
				});
			const standing = standingOutcome((await q.recordsOf(w.tx, [reviewed.id])).outcomes.map(outcomeToView));
			if (standing?.kind !== 'order_fixes')
				throw new ValidationError({ reason: 'errors.reviewedOrderedNoFixes', params: { key: reviewed.key } });
			const items = new Set(standing.followUps.map((f) => f.id));
			const unknown = input.reviews.items.filter((i) => !items.has(i));
			if (unknown.length)
				throw new ValidationError({
					reason: 'errors.reviewItemsUnknown',
					params: { key: reviewed.key, items: unknown.join(', ') }
				});
		}
		const forecast = await latestForecastView(w.tx, cutoverId);
		const point = await q.insertPoint(w.tx, {
			cutoverId,
			key: input.key,
			title: input.title,
			description: input.description ?? '',
			checkpointTask: input.checkpointTask ?? null,
			voters: input.voters,
			mandatoryVoters: input.mandatoryVoters,
			chair: input.chair,
			quorum: input.quorum,
			closesAt: input.closesAt != null ? new Date(input.closesAt) : null,
			reviewsDecision: input.reviews?.decision ?? null,
			reviewItems: input.reviews?.items ?? [],
			openedWith: { forecast },
			createdBy: byName(actor),
			createdAt: new Date(ctx.clock.now()),
			position: await q.nextPointPosition(w.tx, cutoverId)
		});
		const criteria = await q.insertCriteria(
			w.tx,
			input.criteria.map((c, i) => ({
				decisionId: point.id,
				title: c.title,
				owner: c.owner,
				position: i + 1
			}))
		);
		const view = decisionToView(point, { criteria, votes: [], outcomes: [] });
		w.record('decision.opened', { decision: view });
		return view;
	});
	return result;
}

export async function updateCriterion(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	key: string,
	criterionId: string,
	input: CriterionUpdateInput
): Promise<CriterionView> {
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		const { view: decision } = await decisionOf(w.tx, w.cutover.id, key);
		const criterion = decision.criteria.find((c) => c.id === criterionId);
		if (!criterion)
			throw new NotFoundError({ reason: 'errors.criterionNotFound', params: { id: criterionId, key } });
		const mayKeep =
			can(actor.role, 'decision.open') ||
			(can(actor.role, 'criterion.keep_own') && actorOwns(actor, criterion.owner));
		if (!mayKeep)
			throw new ForbiddenError({
				reason: 'errors.criterionOwnerOnly',
				params: { owner: criterion.owner, title: criterion.title }
			});
		if (input.expectedVersion !== undefined && input.expectedVersion !== criterion.version)
			throw new ConflictError(
				{
					reason: 'errors.criterionChanged',
					params: { title: criterion.title, state: criterion.state, version: criterion.version }
				},
				{ criterion }
			);
		// Evidence left out stays; sent empty (or null) it is cleared. The reason belongs to the state it explains.
		const keepOr = (sent: string | null | undefined, current: string | null) =>
			sent === undefined ? current : sent || null;
		const row = await q.updateCriterion(w.tx, criterion.id, {
			state: input.state,
			reason: input.reason || null,
			evidenceLink: keepOr(input.evidenceLink, criterion.evidenceLink),
			evidenceNote: keepOr(input.evidenceNote, criterion.evidenceNote),
			version: criterion.version + 1,
			updatedAt: new Date(ctx.clock.now()),
			updatedBy: byName(actor)
		});
		const view = criterionToView(row);
		w.record('decision.criterion_updated', { decision: key, criterion: view });
		return view;
	});
	return result;
}

export async function castVote(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	key: string,
	input: VoteInput
): Promise<{ vote: VoteView; tally: Tally }> {
	const voter = actor.kind === 'user' ? actor.username : null;
	if (!voter) throw new ForbiddenError({ reason: 'errors.voteByName' });
	// The role the voter has now, not the one they had when the point named them.
	require(actor, 'decision.vote', 'vote on decision points');
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		const { point, view: decision } = await decisionOf(w.tx, w.cutover.id, key);
		const refusal = voteRefusal(decision, voter, ctx.clock.now());
		if (refusal) {
			if (!decision.voters.includes(voter)) throw new ForbiddenError(refusal);
			throw new ConflictError(refusal);
		}
		const row = await q.insertVote(
			w.tx,
			{
				decisionId: point.id,
				voter,
				voterName: actor.name,
				vote: input.vote,
				comment: input.comment || null,
				supersedesId: latestVotes(decision.votes).get(voter)?.id ?? null
			},
			recordedAt(ctx.clock)
		);
		const vote = voteToView(row);
		const now = tally({ ...decision, votes: [...decision.votes, vote] });
		w.record('decision.voted', { decision: key, vote, tally: now });
		return { vote, tally: now };
	});
	return result;
}

export async function recordOutcome(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	key: string,
	input: OutcomeInput
): Promise<DecisionRecorded> {
	if (actor.kind === 'token') throw new ForbiddenError({ reason: 'errors.outcomeByName' });
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		const cutover = w.cutover;
		const { point, view: decision } = await decisionOf(w.tx, cutover.id, key);
		if (!can(actor.role, 'decision.record_any')) {
			if (actor.username !== decision.chair)
				throw new ForbiddenError({ reason: 'errors.chairOnly', params: { chair: decision.chair, key } });
			// The chair's role now, not the one they had when the point named them.
			require(actor, 'decision.chair', 'chair decision points');
		}
		const refusal = outcomeRefusal(decision, input, cutover.windowEnd.getTime());
		if (refusal) throw refusal.status === 400 ? new ValidationError(refusal) : new ConflictError(refusal);

		const extend = input.kind === 'extend' ? new Date(input.newWindowEnd!) : null;
		const row = await q.insertOutcome(
			w.tx,
			{
				decisionId: point.id,
				kind: input.kind,
				rationale: input.rationale,
				newWindowEnd: extend,
				previousWindowEnd: cutover.windowEnd,
				riskAccepted: input.kind === 'accept_risk' ? (input.riskAccepted ?? null) : null,
				followUps:
					input.kind === 'order_fixes'
						? input.followUps.map((f) => ({ id: randomUUID(), title: f.title, owner: f.owner }))
						: [],
				recordedBy: byName(actor),
				supersedesId: input.supersedes ?? null,
				evidence: {
					forecast: await latestForecastView(w.tx, cutover.id),
					readiness: decision.criteria,
					tally: tally(decision)
				}
			},
			recordedAt(ctx.clock)
		);
		const outcome = outcomeToView(row);
		const after: DecisionView = { ...decision, status: 'decided', outcomes: [...decision.outcomes, outcome] };

		// The events of this write: the outcome, then what it moved (the window; the checkpoint task).
		let events = 1;
		let window: DecisionRecorded['window'] = null;
		let moved: CutoverRow = cutover;
		if (extend) {
			events++;
			moved = await runbook.setCutover(w.tx, cutover.id, {
				windowEnd: extend,
				version: cutover.version + 1
			});
			const change = await recordWindowChange(w.tx, cutover.id, {
				at: recordedAt(ctx.clock),
				from: cutover.windowEnd,
				to: extend,
				by: byName(actor),
				rationale: input.rationale,
				decision: key
			});
			window = { cutover: cutoverToView(moved), change };
		}
		const checkpoint =
			input.kind === 'go' && decision.checkpointTask
				? await runbook.taskWithPhase(w.tx, { id: cutover.id }, decision.checkpointTask)
				: undefined;
		const completes = checkpoint && checkpoint.task.status !== 'done' ? checkpoint : undefined;
		if (completes) events++;
		const texts = noticeTexts({
			kind: input.kind,
			timezone: cutover.timezone,
			windowEnd: (extend ?? cutover.windowEnd).getTime(),
			previousWindowEnd: extend ? cutover.windowEnd.getTime() : null
		});
		// The notice's draft is the write's last event.
		if (texts) events++;
		const lastSeq = cutover.lastSeq + events;
		if (window) window.cutover = cutoverToView({ ...moved, lastSeq });

		const notice = texts
			? noticeDraftToView(
					await q.insertNoticeDraft(w.tx, {
						cutoverId: cutover.id,
						decisionKey: key,
						outcomeId: outcome.id,
						outcomeKind: input.kind,
						texts
					})
				)
			: null;

		const recorded: DecisionRecorded = { decision: after, outcome, window, notice };
		w.record('decision.recorded', recorded);
		if (window) w.record('cutover.updated', { cutover: window.cutover, changed: ['windowEnd'] });
		if (completes) {
			const { task, phaseName } = completes;
			const now = new Date(ctx.clock.now());
			const note = `go decision ${key}`;
			const row = await runbook.setTask(w.tx, task.id, {
				status: 'done',
				actualStart: task.actualStart ?? now,
				actualEnd: now,
				lastNote: note,
				version: task.version + 1,
				updatedAt: now
			});
			w.record('task.transitioned', {
				task: taskToView(row, phaseName),
				from: task.status as TaskStatus,
				to: 'done',
				note
			});
			if (row.systemId) await systemTaskMoved(w, { id: row.id, systemId: row.systemId, status: 'done' }, now);
		}
		// Comms staff find the same texts waiting among the notices, to finish and publish.
		if (texts) await draftNotice(w, { origin: key, texts, by: byName(actor), at: new Date(ctx.clock.now()) });
		return recorded;
	});
	return result;
}
