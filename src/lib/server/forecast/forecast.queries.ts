import { and, desc, eq, gte, lte } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';
import { cutovers, forecasts, type ForecastRow } from '../db/schema';

type Q = Db | Tx;

export async function insertForecast(tx: Tx, values: typeof forecasts.$inferInsert) {
	await tx.insert(forecasts).values(values);
}

export async function latestForecast(db: Q, cutoverId: string): Promise<ForecastRow | undefined> {
	const [row] = await db
		.select()
		.from(forecasts)
		.where(eq(forecasts.cutoverId, cutoverId))
		.orderBy(desc(forecasts.computedAt))
		.limit(1);
	return row;
}

/** The newest `limit` forecasts' figures, oldest first. */
export async function forecastHistory(db: Q, cutoverId: string, limit: number) {
	const rows = await db
		.select({
			at: forecasts.computedAt,
			seq: forecasts.basedOnSeq,
			p50: forecasts.p50,
			p90: forecasts.p90,
			probability: forecasts.probability
		})
		.from(forecasts)
		.where(eq(forecasts.cutoverId, cutoverId))
		.orderBy(desc(forecasts.computedAt))
		.limit(limit);
	return rows.reverse();
}

const DAY = 24 * 60 * 60_000;

/** Cutovers whose window is open now (give or take a day after its end): the clock moves their forecast. */
export async function openCutoverIds(db: Q, now: Date): Promise<string[]> {
	// Plain comparisons of the columns with parameters: both drivers bind a Date there (postgres.js refuses one
	// inside a raw sql fragment), and an index on either column stays usable.
	const rows = await db
		.select({ id: cutovers.id })
		.from(cutovers)
		.where(and(lte(cutovers.windowStart, now), gte(cutovers.windowEnd, new Date(now.getTime() - DAY))));
	return rows.map((r) => r.id);
}
