/**
 * What other areas may read of incidents inside their own transaction (a notice telling of an incident names it
 * by its reference). The incidents' queries stay private to this area.
 */
import { incidentNumber, incidentRef } from '../../shared/incidents/rules';
import type { Db, Tx } from '../db/client';
import type { IncidentRow } from '../db/schema';
import * as q from './incidents.queries';

/** The incident of a cutover with this reference (INC-n), or undefined. */
export async function incidentByRef(
	db: Db | Tx,
	cutoverId: string,
	ref: string
): Promise<IncidentRow | undefined> {
	const number = incidentNumber(ref);
	return number === null ? undefined : q.incidentByNumber(db, cutoverId, number);
}

/** The references (INC-n) of a cutover's incidents, by their ids. */
export async function incidentRefs(db: Db | Tx, cutoverId: string): Promise<Map<string, string>> {
	return new Map((await q.incidentsOf(db, cutoverId)).map((i) => [i.id, incidentRef(i.number)]));
}
