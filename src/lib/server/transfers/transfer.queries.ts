import { and, asc, desc, eq, getTableColumns, gte, max, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { reusable } from '../db/reusable';
import { cutovers, transferSamples, transfers, type TransferRow } from '../db/schema';

type Q = Db | Tx;

/** A report is kept as a sample at most this often per stream; the reports in between only move `done`. */
export const SAMPLE_EVERY_MS = 10_000;

export const listTransfers = (db: Q, cutoverId: string): Promise<TransferRow[]> =>
	db.select().from(transfers).where(eq(transfers.cutoverId, cutoverId)).orderBy(asc(transfers.position));

export async function transferByKey(db: Q, cutoverId: string, key: string): Promise<TransferRow | undefined> {
	const [row] = await db
		.select()
		.from(transfers)
		.where(and(eq(transfers.cutoverId, cutoverId), eq(transfers.key, key)));
	return row;
}

export async function transferBySlug(
	db: Q,
	slug: string,
	key: string
): Promise<{ transfer: TransferRow; cutoverId: string } | undefined> {
	const [row] = await db
		.select({ transfer: transfers, cutoverId: cutovers.id })
		.from(transfers)
		.innerJoin(cutovers, eq(transfers.cutoverId, cutovers.id))
		.where(and(eq(cutovers.slug, slug), eq(transfers.key, key)));
	return row;
}

export async function insertTransfer(tx: Tx, values: typeof transfers.$inferInsert): Promise<TransferRow> {
	const [row] = await tx.insert(transfers).values(values).returning();
	return row;
}

export async function updateTransfer(
	tx: Q,
	id: string,
	values: Partial<typeof transfers.$inferInsert>
): Promise<TransferRow> {
	const [row] = await tx.update(transfers).set(values).where(eq(transfers.id, id)).returning();
	return row;
}

export async function nextTransferPosition(db: Q, cutoverId: string): Promise<number> {
	const [row] = await db
		.select({ last: max(transfers.position) })
		.from(transfers)
		.where(eq(transfers.cutoverId, cutoverId));
	return (row?.last ?? 0) + 1;
}

export interface ProgressWrite {
	slug: string;
	key: string;
	/** A token limited to one cutover may report only there. */
	scopeCutoverId: string | null;
	done: number;
	total: number | undefined;
	at: Date;
	reset: boolean;
}

export interface AppliedProgress {
	transfer: TransferRow;
	/** The report was also kept as a sample (the caller re-estimates the rate). */
	sampled: boolean;
}

/**
 * Progress reports of distinct streams in one statement: each is applied only when it keeps its stream's rules
 * (done within total; no going back in done or time unless it is a reset). A report with nothing back (undefined)
 * was stopped by a rule or by its token's scope; the caller reads the stream to say which.
 */
export async function applyProgressReports(
	db: Db,
	writes: ProgressWrite[]
): Promise<(AppliedProgress | undefined)[]> {
	const reports = writes.map((p, i) => ({
		i,
		slug: p.slug,
		key: p.key,
		scope: p.scopeCutoverId,
		done: p.done,
		total: p.total ?? null,
		at: p.at.toISOString(),
		reset: p.reset
	}));
	const applied: (AppliedProgress | undefined)[] = writes.map(() => undefined);
	for (const { report, ...transfer } of await applyProgressStatement(db, {
		reports: JSON.stringify(reports)
	}))
		applied[report] = { transfer, sampled: transfer.lastSampleAt?.getTime() === writes[report].at.getTime() };
	return applied;
}

/**
 * The report statement is built once (building it cost more than running it). The reports travel as one JSON
 * parameter, so one statement serves any number of them.
 */
const applyProgressStatement = reusable('transfer_apply_progress', (db) => {
	const reports = sql`jsonb_to_recordset(${sql.placeholder('reports')}::jsonb)
		as r(i int, slug text, key text, scope uuid, done float8, total float8, at timestamptz, reset boolean)`;
	const total = sql`coalesce(r.total, ${transfers.total})`;
	const sampleDue = sql`(r.reset or ${transfers.lastSampleAt} is null
		or r.at - ${transfers.lastSampleAt} >= ${sql.raw(`'${SAMPLE_EVERY_MS} milliseconds'`)}::interval
		or r.done >= ${total})`;
	return db
		.update(transfers)
		.set({
			done: sql`r.done`,
			total,
			series: sql`case when r.reset then ${transfers.series} + 1 else ${transfers.series} end`,
			startedAt: sql`coalesce(${transfers.startedAt}, r.at)`,
			finishedAt: sql`case when r.done >= ${total} then coalesce(${transfers.finishedAt}, r.at) end`,
			lastProgressAt: sql`r.at`,
			lastSampleAt: sql`case when ${sampleDue} then r.at else ${transfers.lastSampleAt} end`,
			updatedAt: sql`now()`
		})
		.from(reports)
		.where(
			and(
				sql`${transfers.cutoverId} = (select ${cutovers.id} from ${cutovers} where ${cutovers.slug} = r.slug)`,
				sql`${transfers.key} = r.key`,
				sql`(r.scope is null or ${transfers.cutoverId} = r.scope)`,
				sql`r.done <= ${total}`,
				sql`(r.reset or (r.done >= ${transfers.done}
					and (${transfers.lastProgressAt} is null or r.at >= ${transfers.lastProgressAt})))`
			)
		)
		.returning({ ...getTableColumns(transfers), report: sql<number>`r.i`.mapWith(Number) });
});

export async function insertSample(
	db: Q,
	values: { transferId: string; series: number; at: Date; done: number; total: number }
) {
	await db.insert(transferSamples).values(values);
}

/** The samples of a stream's current series since `since`, oldest first. */
export const recentSamples = (db: Q, transferId: string, series: number, since: Date) =>
	db
		.select({ at: transferSamples.at, done: transferSamples.done })
		.from(transferSamples)
		.where(
			and(
				eq(transferSamples.transferId, transferId),
				eq(transferSamples.series, series),
				gte(transferSamples.at, since)
			)
		)
		.orderBy(asc(transferSamples.at));

/** The last few samples of a stream's current series, oldest first (when the recent window holds too few). */
export async function lastSamples(db: Q, transferId: string, series: number, count: number) {
	const rows = await db
		.select({ at: transferSamples.at, done: transferSamples.done })
		.from(transferSamples)
		.where(and(eq(transferSamples.transferId, transferId), eq(transferSamples.series, series)))
		.orderBy(desc(transferSamples.at))
		.limit(count);
	return rows.reverse();
}

/** Every sample of the current series of some streams, oldest first: charts (downsampled by the caller). */
export async function seriesSamples(db: Q, rows: readonly TransferRow[]) {
	if (rows.length === 0) return [];
	return db
		.select({ transferId: transferSamples.transferId, at: transferSamples.at, done: transferSamples.done })
		.from(transferSamples)
		.where(
			or(...rows.map((r) => and(eq(transferSamples.transferId, r.id), eq(transferSamples.series, r.series))))
		)
		.orderBy(asc(transferSamples.at));
}
