import { and, asc, desc, eq, getTableColumns, gte, max, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
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

/**
 * A progress report in one statement (scripts may report hundreds of times a second): applied only when it
 * keeps the stream's rules (done within total; no going back in done or time unless it is a reset). No row back
 * means a rule or the scope stopped it; the caller reads the stream to say which.
 */
export async function applyProgress(
	db: Db,
	p: ProgressWrite
): Promise<{ transfer: TransferRow; sampled: boolean } | undefined> {
	let statement = applyProgressStatements.get(db);
	if (!statement) applyProgressStatements.set(db, (statement = prepareApplyProgress(db)));
	const [row] = await statement.execute({
		slug: p.slug,
		key: p.key,
		scope: p.scopeCutoverId,
		done: p.done,
		total: p.total ?? null,
		// Inside raw SQL a Date is not serialized by every driver: pass instants as ISO text.
		at: p.at.toISOString(),
		reset: p.reset
	});
	if (!row) return undefined;
	return { transfer: row, sampled: row.lastSampleAt?.getTime() === p.at.getTime() };
}

/**
 * The report statement is built once per database (scripts may report hundreds of times a second, and
 * building this statement cost more than running it); every value is a placeholder.
 */
const applyProgressStatements = new WeakMap<Db, ReturnType<typeof prepareApplyProgress>>();

function prepareApplyProgress(db: Db) {
	const done = sql`${sql.placeholder('done')}::float8`;
	const total = sql`coalesce(${sql.placeholder('total')}::float8, ${transfers.total})`;
	const at = sql`${sql.placeholder('at')}::timestamptz`;
	const reset = sql`${sql.placeholder('reset')}::boolean`;
	const scope = sql`${sql.placeholder('scope')}::uuid`;
	const sampleDue = sql`(${reset} or ${transfers.lastSampleAt} is null
		or ${at} - ${transfers.lastSampleAt} >= ${sql.raw(`'${SAMPLE_EVERY_MS} milliseconds'`)}::interval
		or ${done} >= ${total})`;
	return db
		.update(transfers)
		.set({
			done,
			total,
			series: sql`case when ${reset} then ${transfers.series} + 1 else ${transfers.series} end`,
			startedAt: sql`coalesce(${transfers.startedAt}, ${at})`,
			finishedAt: sql`case when ${done} >= ${total} then coalesce(${transfers.finishedAt}, ${at}) end`,
			lastProgressAt: at,
			lastSampleAt: sql`case when ${sampleDue} then ${at} else ${transfers.lastSampleAt} end`,
			updatedAt: sql`now()`
		})
		.from(cutovers)
		.where(
			and(
				eq(transfers.cutoverId, cutovers.id),
				eq(cutovers.slug, sql.placeholder('slug')),
				eq(transfers.key, sql.placeholder('key')),
				sql`(${scope} is null or ${cutovers.id} = ${scope})`,
				sql`${done} <= ${total}`,
				sql`(${reset} or (${done} >= ${transfers.done}
					and (${transfers.lastProgressAt} is null or ${at} >= ${transfers.lastProgressAt})))`
			)
		)
		.returning(getTableColumns(transfers))
		.prepare('transfer_apply_progress');
}

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
