/**
 * The board snapshot: a composer above the areas (runbook, transfers, forecast, decisions, metrics, opening,
 * services and incidents, a programme's systems and waves), so none of
 * them has to import the others to build it. Every read of a board (the page, the API, a socket joining) goes
 * through the per-seq cache, so a crowd opening the board at once costs one build per seq. Metrics come with
 * their recent readings, so a board that joins needs no replay of samples.
 */
import type { BoardSnapshot } from '../../shared/events';
import type { Actor } from '../auth/actor';
import type { CachedSnapshot, Ctx } from '../context';
import { decisionsOf, noticeDraftsOf } from '../decisions/decision.service';
import { windowHistoryOf } from '../runbook/window-history';
import { forecastState } from '../forecast/forecast.service';
import { findCutover, runbookOf } from '../runbook/cutover-lookup';
import { metricViews } from '../metrics/metric.service';
import { servicesOf } from '../incidents/catalogue.service';
import { incidentsOf } from '../incidents/incident.service';
import { openingOf } from '../opening/opening.service';
import { programmeOf } from '../programmes/programme.service';
import { transferViews } from '../transfers/transfer.service';

/** Everything a board needs, read in one snapshot-isolated transaction so it is consistent with its seq. */
export async function boardSnapshot(ctx: Pick<Ctx, 'db'>, cutoverId: string): Promise<BoardSnapshot> {
	return ctx.db.transaction(
		async (tx) => {
			const runbook = await runbookOf(tx, cutoverId);
			const forecast = await forecastState(tx, cutoverId);
			return {
				...runbook,
				transfers: await transferViews(tx, cutoverId),
				forecast: forecast.forecast,
				forecastHistory: forecast.history,
				decisions: await decisionsOf(tx, cutoverId),
				windowHistory: await windowHistoryOf(tx, cutoverId),
				noticeDrafts: await noticeDraftsOf(tx, cutoverId),
				metrics: await metricViews(tx, cutoverId, Date.now()),
				opening: await openingOf(tx, cutoverId),
				services: await servicesOf(tx, cutoverId),
				incidents: await incidentsOf(tx, cutoverId),
				programme: await programmeOf(tx, runbook.cutover)
			};
		},
		{ isolationLevel: 'repeatable read', accessMode: 'read only' }
	);
}

/** The board of a cutover the actor may see (for the first paint; live updates follow over the socket). */
export async function getBoardSnapshot(ctx: Ctx, actor: Actor, slug: string): Promise<BoardSnapshot> {
	const cutover = await findCutover(ctx, actor, slug);
	return (await ctx.snapshots.get(ctx, cutover.id, cutover.lastSeq)).snapshot;
}

/**
 * A validator for what a client last read of a cutover: it changes with every event (every seq). Weak, since the
 * same content goes out in several encodings (br, gzip, none).
 */
export const seqTag = (cutover: { id: string; lastSeq: number }) => `W/"${cutover.id}.${cutover.lastSeq}"`;

/**
 * The board for a reader that may already hold it: `cached` is null when `ifNoneMatch` names the current seq, so
 * an unchanged board costs one indexed read and no build or serialisation. Otherwise the cached snapshot, whose
 * JSON and compressed bytes are made once per seq for every reader.
 */
export async function readBoardSnapshot(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	ifNoneMatch: string | null
): Promise<{ tag: string; cached: CachedSnapshot | null }> {
	const cutover = await findCutover(ctx, actor, slug);
	const current = seqTag(cutover);
	if (matches(ifNoneMatch, current)) return { tag: current, cached: null };
	const cached = await ctx.snapshots.get(ctx, cutover.id, cutover.lastSeq);
	return { tag: seqTag({ id: cutover.id, lastSeq: cached.snapshot.seq }), cached };
}

/** If-None-Match holds one or more entity tags (weak ones compare equal too), or `*`. */
export function matches(ifNoneMatch: string | null, tag: string): boolean {
	if (!ifNoneMatch) return false;
	const opaque = (t: string) => t.trim().replace(/^W\//, '');
	return ifNoneMatch.split(',').some((t) => opaque(t) === opaque(tag) || t.trim() === '*');
}
