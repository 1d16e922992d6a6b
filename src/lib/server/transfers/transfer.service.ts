/**
 * Data transfer streams: defined by operators, fed by migration scripts. Definitions go through the one write
 * path (`writeCutover`) with an event each. Progress reports are different: scripts may report hundreds of
 * times a second, so a report is one conditional statement on its stream's row, and the boards get the streams'
 * latest state in coalesced `transfer.progressed` events (see ProgressFeed).
 */
import { downsample, estimateRate, plannedRatePerMs } from '../../shared/forecast/transfer-rate';
import type {
	ProgressPoint,
	TransferCreateInput,
	TransferPatchInput,
	TransferProgressInput,
	TransferView
} from '../../shared/schemas/transfers';
import { MAX_PLANNED_MINUTES } from '../../shared/forecast/transfer-rate';
import { ONE_PLAN_MESSAGE, planTooSlow } from '../../shared/schemas/transfers';
import { require, requireCutoverScope, systemActor, type Actor } from '../auth/actor';
import type { Ctx } from '../context';
import type { Db, Tx } from '../db/client';
import type { TransferRow } from '../db/schema';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { writeCutover } from '../events/event.service';
import { findCutover } from '../runbook/cutover-lookup';
import * as runbook from '../runbook/runbook.tx';
import { assertSchedulable } from '../runbook/schedulable';
import * as q from './transfer.queries';
import { applyProgress } from './progress-batch';
import { transferToProgressView, transferToView } from './views';

/** How far ahead of the server's clock a report's `at` may be (clock skew between hosts). */
const FUTURE_SLACK_MS = 5 * 60_000;
/** How far back the rate looks. */
const RATE_WINDOW_MS = 30 * 60_000;
/** Points per stream in a snapshot's chart history. */
const HISTORY_POINTS = 240;

export async function listTransfers(ctx: Ctx, actor: Actor, slug: string): Promise<TransferView[]> {
	const cutover = await findCutover(ctx, actor, slug);
	return transferViews(ctx.db, cutover.id);
}

/** Every stream of a cutover with the chart history of its current series (downsampled). */
export async function transferViews(db: Db | Tx, cutoverId: string): Promise<TransferView[]> {
	return withHistory(db, await q.listTransfers(db, cutoverId));
}

async function withHistory(db: Db | Tx, rows: TransferRow[]): Promise<TransferView[]> {
	const samples = await q.seriesSamples(db, rows);
	const points = new Map<string, ProgressPoint[]>(rows.map((r) => [r.id, []]));
	for (const s of samples) points.get(s.transferId)!.push([s.at.getTime(), s.done]);
	return rows.map((r) => {
		const history = points.get(r.id)!;
		const last = r.lastProgressAt?.getTime();
		// Reports between kept samples move `done`: the chart ends at the latest one.
		if (last !== undefined && (history.at(-1)?.[0] ?? -Infinity) < last) history.push([last, r.done]);
		return transferToView(r, downsample(history, HISTORY_POINTS));
	});
}

/** The stream's dependencies must be tasks of the cutover, and no task may wait (through others) for it. */
async function assertDependenciesValid(tx: Tx, cutoverId: string, key: string, dependsOn: readonly string[]) {
	if (dependsOn.length === 0) return;
	const tasks = await runbook.tasksOf(tx, cutoverId);
	const known = new Set(tasks.map((t) => t.key));
	const missing = dependsOn.filter((k) => !known.has(k));
	if (missing.length)
		throw new ValidationError({
			reason: 'errors.transferDependsOnUnknown',
			params: { keys: missing.join(', ') }
		});
	const others = (await q.listTransfers(tx, cutoverId)).filter((t) => t.key !== key);
	assertSchedulable(tasks, [...others, { key, dependsOn }]);
}

export async function createTransfer(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	input: TransferCreateInput
): Promise<TransferView> {
	require(actor, 'runbook.edit', 'define data transfers');
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		const cutoverId = w.cutover.id;
		if (await q.transferByKey(w.tx, cutoverId, input.key))
			throw new ConflictError({ reason: 'errors.transferKeyTaken', params: { key: input.key } });
		await assertDependenciesValid(w.tx, cutoverId, input.key, input.dependsOn);
		const row = await q.insertTransfer(w.tx, {
			cutoverId,
			key: input.key,
			name: input.name,
			unit: input.unit,
			total: input.total,
			plannedRatePerHour: input.plannedRatePerHour ?? null,
			plannedMinutes: input.plannedMinutes ?? null,
			stallAfterMinutes: input.stallAfterMinutes,
			dependsOn: input.dependsOn,
			position: await q.nextTransferPosition(w.tx, cutoverId)
		});
		const view = transferToView(row, []);
		w.record('transfer.created', { transfer: view });
		return view;
	});
	return result;
}

export async function updateTransfer(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	key: string,
	input: TransferPatchInput
): Promise<TransferView> {
	require(actor, 'runbook.edit', 'change data transfers');
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		const current = await q.transferByKey(w.tx, w.cutover.id, key);
		if (!current) throw new NotFoundError({ reason: 'errors.transferNotFound', params: { key } });
		if (input.expectedVersion !== undefined && input.expectedVersion !== current.version)
			throw new ConflictError(
				{ reason: 'errors.transferChanged' },
				{ transfer: transferToView(current, []) }
			);
		if (input.total !== undefined && input.total < current.done)
			throw new ValidationError({ reason: 'errors.totalBelowDone', params: { done: current.done } });
		const rate =
			input.plannedRatePerHour === undefined ? current.plannedRatePerHour : input.plannedRatePerHour;
		const minutes = input.plannedMinutes === undefined ? current.plannedMinutes : input.plannedMinutes;
		if (rate && minutes)
			throw new ValidationError({ reason: 'errors.onePlan', params: { rule: ONE_PLAN_MESSAGE } });
		if (planTooSlow(input.total ?? current.total, rate))
			throw new ValidationError({ reason: 'errors.planTooSlow', params: { minutes: MAX_PLANNED_MINUTES } });
		if (input.dependsOn) await assertDependenciesValid(w.tx, w.cutover.id, key, input.dependsOn);
		const { expectedVersion: _v, ...changes } = input;
		const row = await q.updateTransfer(w.tx, current.id, {
			...changes,
			version: current.version + 1,
			updatedAt: new Date(ctx.clock.now())
		});
		const view = transferToView(row, []);
		w.record('transfer.updated', { transfer: view, changed: Object.keys(changes) });
		return view;
	});
	return result;
}

/**
 * A progress report from a script or an operator. Applied in one statement when it keeps the stream's rules;
 * every few seconds per stream it is also kept as a sample and the rate is re-estimated. The boards learn of it
 * through the cutover's coalesced progress feed.
 */
export async function reportProgress(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	key: string,
	input: TransferProgressInput
): Promise<TransferView> {
	require(actor, 'transfer.report', 'report transfer progress');
	const now = ctx.clock.now();
	const at = input.at ?? now;
	if (at > now + FUTURE_SLACK_MS) throw new ValidationError({ reason: 'errors.progressInFuture' });
	const applied = await applyProgress(ctx.db, {
		slug,
		key,
		scopeCutoverId: actor.cutoverId,
		done: input.done,
		total: input.total,
		at: new Date(at),
		reset: input.reset ?? false
	});
	if (!applied) throw await whyProgressRefused(ctx, actor, slug, key, input, at);
	let row = applied.transfer;
	if (applied.sampled) row = await keepSample(ctx.db, row);
	const view = transferToView(row, [[at, row.done]]);
	ctx.progress.note(row.cutoverId, row.key);
	return view;
}

/** Stores the report as a sample and re-estimates the rate from the recent ones. */
async function keepSample(db: Db, row: TransferRow): Promise<TransferRow> {
	const at = row.lastProgressAt!;
	await q.insertSample(db, { transferId: row.id, series: row.series, at, done: row.done, total: row.total });
	let samples = await q.recentSamples(db, row.id, row.series, new Date(at.getTime() - RATE_WINDOW_MS));
	if (samples.length < 4) samples = await q.lastSamples(db, row.id, row.series, 4);
	const rate = estimateRate(
		samples.map((s) => ({ at: s.at.getTime(), done: s.done })),
		{ now: at.getTime(), windowMs: RATE_WINDOW_MS, plannedPerMs: plannedRatePerMs(row) }
	);
	const perHour = (v: number | null) => (v === null ? null : v * 3_600_000);
	return q.updateTransfer(db, row.id, {
		ratePerHour: perHour(rate.perMs),
		rateLowPerHour: perHour(rate.lowPerMs),
		rateHighPerHour: perHour(rate.highPerMs)
	});
}

/** A report the statement did not apply: the stream's current state says why (nothing was changed). */
async function whyProgressRefused(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	key: string,
	input: TransferProgressInput,
	at: number
): Promise<Error> {
	const found = await q.transferBySlug(ctx.db, slug, key);
	if (!found) {
		const cutover = await findCutover(ctx, actor, slug);
		return new NotFoundError({ reason: 'errors.transferNotFoundIn', params: { key, slug: cutover.slug } });
	}
	requireCutoverScope(actor, found.cutoverId);
	const { transfer: t } = found;
	const view = { transfer: transferToView(t, []) };
	const total = input.total ?? t.total;
	if (input.done > total)
		return new ValidationError({
			reason: 'errors.doneAboveTotal',
			params: { done: input.done, total, unit: t.unit }
		});
	if (input.done < t.done)
		return new ConflictError(
			{ reason: 'errors.progressBackwards', params: { done: input.done, reported: t.done, unit: t.unit } },
			view
		);
	if (t.lastProgressAt && at < t.lastProgressAt.getTime())
		return new ConflictError(
			{ reason: 'errors.progressOlder', params: { time: t.lastProgressAt.toISOString() } },
			view
		);
	// The row changed between the statement and this read: the caller may simply retry.
	return new ConflictError({ reason: 'errors.transferRaced' }, view);
}

/**
 * The coalesced progress of some streams as one event. The streams are re-read under the cutover's lock, so the
 * event carries their state as of its seq; each board adds the latest point to its chart.
 */
export async function publishProgress(ctx: Ctx, cutoverId: string, reported: string[]): Promise<void> {
	await writeCutover(ctx, systemActor('transfer progress'), cutoverId, async (w) => {
		const rows = new Map((await q.listTransfers(w.tx, cutoverId)).map((r) => [r.key, r]));
		const transfers = reported.flatMap((key) => {
			const row = rows.get(key);
			return row ? [transferToProgressView(row)] : [];
		});
		if (transfers.length) w.record('transfer.progressed', { transfers });
	});
}

export async function getTransfer(ctx: Ctx, actor: Actor, slug: string, key: string): Promise<TransferView> {
	const cutover = await findCutover(ctx, actor, slug);
	const row = await q.transferByKey(ctx.db, cutover.id, key);
	if (!row) throw new NotFoundError({ reason: 'errors.transferNotFound', params: { key } });
	const [view] = await withHistory(ctx.db, [row]);
	return view;
}
