import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { metrics, metricSources, type MetricSourceRow } from '../db/schema';

type Q = Db | Tx;

export const listSources = (db: Q, cutoverId: string): Promise<MetricSourceRow[]> =>
	db
		.select()
		.from(metricSources)
		.where(eq(metricSources.cutoverId, cutoverId))
		.orderBy(asc(metricSources.key));

export async function sourceByKey(
	db: Q,
	cutoverId: string,
	key: string
): Promise<MetricSourceRow | undefined> {
	const [row] = await db
		.select()
		.from(metricSources)
		.where(and(eq(metricSources.cutoverId, cutoverId), eq(metricSources.key, key)));
	return row;
}

export async function sourceById(db: Q, id: string): Promise<MetricSourceRow | undefined> {
	const [row] = await db.select().from(metricSources).where(eq(metricSources.id, id));
	return row;
}

/** The keys of a cutover's sources that are down: their metrics' readings are stale. */
export async function downSourceKeys(db: Q, cutoverId: string): Promise<Set<string>> {
	const rows = await db
		.select({ key: metricSources.key })
		.from(metricSources)
		.where(and(eq(metricSources.cutoverId, cutoverId), eq(metricSources.state, 'down')));
	return new Set(rows.map((r) => r.key));
}

export async function insertSource(
	tx: Tx,
	values: typeof metricSources.$inferInsert
): Promise<MetricSourceRow> {
	const [row] = await tx.insert(metricSources).values(values).returning();
	return row;
}

/** Changes a source; undefined when it is gone (removed since it was read). */
export async function updateSource(
	db: Q,
	id: string,
	values: Partial<typeof metricSources.$inferInsert>
): Promise<MetricSourceRow | undefined> {
	const [row] = await db.update(metricSources).set(values).where(eq(metricSources.id, id)).returning();
	return row;
}

export async function deleteSource(tx: Tx, id: string): Promise<void> {
	await tx.delete(metricSources).where(eq(metricSources.id, id));
}

/** The metrics a source feeds, with what each reads of it. */
export const metricsOfSource = (db: Q, cutoverId: string, sourceKey: string) =>
	db
		.select({ key: metrics.key, selector: metrics.selector })
		.from(metrics)
		.where(and(eq(metrics.cutoverId, cutoverId), eq(metrics.sourceKey, sourceKey)))
		.orderBy(asc(metrics.key));

/** Every source of every cutover due for a pull at `now`: never pulled, or its interval passed since. */
export const dueSources = (db: Q, now: Date): Promise<MetricSourceRow[]> =>
	db
		.select()
		.from(metricSources)
		.where(
			or(
				isNull(metricSources.lastPullAt),
				sql`${metricSources.lastPullAt} + ${metricSources.intervalSeconds} * interval '1 second' <= ${now.toISOString()}::timestamptz`
			)
		);
