/**
 * A programme's progress: its counts kept once per ISO week (on demand, and by the scheduler when a week has
 * none yet), and its latest sign-offs for the board's first paint.
 */
import { programmeCounts, type ProgrammeCounts, type Tally } from '../../shared/programmes/counts';
import { isoWeek } from '../../shared/programmes/iso-week';
import type { ProgrammePart, SignoffView } from '../../shared/schemas/programmes';
import type { SnapshotView } from '../../shared/schemas/progress';
import type { CutoverView } from '../../shared/schemas/runbook';
import { require, requireCutoverScope, requireReader, systemActor, type Actor } from '../auth/actor';
import type { Ctx } from '../context';
import type { Db } from '../db/client';
import type { CutoverRow, ProgrammeSnapshotRow } from '../db/schema';
import { NotFoundError } from '../errors';
import { writeCutover } from '../events/event.service';
import { log } from '../observability/log';
import { findProgramme, listProgrammes, programmeOf } from './programme.service';
import * as q from './progress.queries';
import { signoffToView } from './views';

const SNAPSHOTS = systemActor('snapshots');

const snapshotToView = (row: ProgrammeSnapshotRow): SnapshotView => ({
	week: row.week,
	takenAt: row.takenAt.toISOString(),
	counts: row.counts as unknown as ProgrammeCounts
});

export interface SnapshotResult {
	snapshot: SnapshotView;
	/** False when the week already had its snapshot (it is kept as it was). */
	created: boolean;
}

/** Keeps the programme's counts as they stand now, for the current ISO week, unless that week has them. */
export async function takeSnapshot(ctx: Ctx, actor: Actor, slug: string): Promise<SnapshotResult> {
	require(actor, 'programme.manage', 'run programmes');
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		if (w.cutover.kind !== 'programme')
			throw new NotFoundError({ reason: 'errors.programmeNotFound', params: { slug } });
		const now = ctx.clock.now();
		const week = isoWeek(now, w.cutover.timezone);
		const part = (await programmeOf(w.tx, w.cutover))!;
		const counts = programmeCounts(part.systems, part.waves, now);
		const inserted = await q.insertSnapshot(w.tx, {
			programmeId: w.cutover.id,
			week,
			takenAt: new Date(now),
			counts: counts as unknown as Record<string, unknown>
		});
		if (!inserted) {
			const held = (await q.snapshotsOf(w.tx, w.cutover.id)).find((s) => s.week === week)!;
			return { snapshot: snapshotToView(held), created: false };
		}
		const snapshot = snapshotToView(inserted);
		w.record('programme.snapshot_taken', { snapshot });
		return { snapshot, created: true };
	});
	return result;
}

/** The programme's weekly snapshots, the latest week first. */
export async function listSnapshots(ctx: Ctx, actor: Actor, slug: string): Promise<SnapshotView[]> {
	const programme = await findProgramme(ctx, actor, slug);
	return (await q.snapshotsOf(ctx.db, programme.id)).map(snapshotToView);
}

/** Takes the current week's snapshot of every programme that has none yet (the scheduler's round). */
export async function takeDueSnapshots(ctx: Ctx): Promise<number> {
	const now = ctx.clock.now();
	let taken = 0;
	for (const p of await q.programmesAndWeeks(ctx.db)) {
		if (p.weeks.has(isoWeek(now, p.timezone))) continue;
		try {
			if ((await takeSnapshot(ctx, SNAPSHOTS, p.slug)).created) taken++;
		} catch (err) {
			log.error({ err, programme: p.slug }, "taking a programme's weekly snapshot failed");
		}
	}
	return taken;
}

/** The latest sign-offs of the programme's systems, newest first. */
export async function recentSignoffs(
	ctx: Ctx,
	actor: Actor,
	programmeId: string,
	limit = 20
): Promise<SignoffView[]> {
	requireReader(actor);
	requireCutoverScope(actor, programmeId);
	return (await q.latestSignoffs(ctx.db, programmeId, limit)).map((r) => signoffToView(r.key, r.signoff));
}

/** A programme the public may see, with what its progress view is drawn from. */
export interface PublicProgrammeSource {
	programme: Pick<CutoverRow, 'slug' | 'name' | 'timezone' | 'windowStart' | 'windowEnd'>;
	part: ProgrammePart;
	snapshots: SnapshotView[];
}

/** The programmes whose notice settings say `publicStatus`, for the public progress view (no actor: public). */
export async function publicProgrammeSources(db: Db): Promise<PublicProgrammeSource[]> {
	const sources: PublicProgrammeSource[] = [];
	for (const programme of await q.publicProgrammes(db))
		sources.push({
			programme,
			part: (await programmeOf(db, programme))!,
			snapshots: (await q.snapshotsOf(db, programme.id)).map(snapshotToView)
		});
	return sources;
}

/** The programmes the actor may see, each with its headline counts now (the programmes list). */
export async function programmeSummaries(
	ctx: Ctx,
	actor: Actor
): Promise<{ programme: CutoverView; total: Tally; done: Tally }[]> {
	const now = ctx.clock.now();
	const summaries = [];
	for (const programme of await listProgrammes(ctx, actor)) {
		const part = (await programmeOf(ctx.db, programme))!;
		const counts = programmeCounts(part.systems, part.waves, now);
		summaries.push({ programme, total: counts.total, done: counts.done });
	}
	return summaries;
}
