import { inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { incidents } from '../db/schema';

/**
 * What the public may know of the cutovers' incidents: their status, impacts and times (no roles, suppliers or
 * timeline).
 */
export const incidentsOfCutovers = (db: Db, cutoverIds: readonly string[]) =>
	db
		.select({
			id: incidents.id,
			cutoverId: incidents.cutoverId,
			number: incidents.number,
			status: incidents.status,
			affected: incidents.affected,
			startedAt: incidents.startedAt,
			resolvedAt: incidents.resolvedAt
		})
		.from(incidents)
		.where(inArray(incidents.cutoverId, [...cutoverIds]));
