/** What the forecast is computed from, read in one consistent snapshot of a cutover. */
import {
	estimateRate,
	plannedDurationMs,
	plannedRatePerMs,
	type ForecastInput,
	type ForecastTask,
	type ForecastTransfer
} from '../../shared/forecast';
import type { Db } from '../db/client';
import type { CutoverRow, TransferRow } from '../db/schema';
import { NotFoundError } from '../errors';
import * as runbook from '../runbook/runbook.tx';
import * as transfers from '../transfers/transfer.tx';
import { etaOf } from '../transfers/views';

export interface ForecastSubject {
	cutover: CutoverRow;
	input: ForecastInput;
	/** Display names of the steps, for the drivers. */
	names: { tasks: Record<string, string>; transfers: Record<string, string> };
}

const ms = (d: Date | null) => (d ? d.getTime() : null);
const perMs = (perHour: number | null) => (perHour === null ? null : perHour / 3_600_000);

type ForecastTaskRow = Awaited<ReturnType<typeof runbook.tasksForForecast>>[number];

function toForecastTask(t: ForecastTaskRow): ForecastTask {
	return {
		key: t.key,
		durationMinutes: t.durationMinutes,
		dependsOn: t.dependsOn,
		dependsOnTransfers: t.dependsOnTransfers,
		notBefore: ms(t.notBefore),
		status: t.status as ForecastTask['status'],
		actualStart: ms(t.actualStart),
		actualEnd: ms(t.actualEnd),
		estimate: t.estimate ?? null,
		rehearsalMinutes: t.rehearsalMinutes
	};
}

function toForecastTransfer(t: TransferRow, now: number): ForecastTransfer {
	return {
		key: t.key,
		dependsOn: t.dependsOn,
		startedAt: ms(t.startedAt),
		finishedAt: ms(t.finishedAt),
		done: t.done,
		total: t.total,
		// The rate estimated at the last kept sample, or (before there is one) the plan's, as the estimator has it.
		rate:
			t.ratePerHour !== null
				? {
						perMs: perMs(t.ratePerHour),
						lowPerMs: perMs(t.rateLowPerHour),
						highPerMs: perMs(t.rateHighPerHour),
						basis: 'observed'
					}
				: estimateRate([], { now, plannedPerMs: plannedRatePerMs(t) }),
		eta: etaOf(t).eta,
		plannedDurationMs: plannedDurationMs(t),
		lastProgressAt: ms(t.lastProgressAt)
	};
}

/** A stable 32-bit seed from the cutover's id (FNV-1a). */
function seedOf(id: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
	return h >>> 0;
}

export async function loadForecastSubject(
	db: Db,
	cutoverId: string,
	options: { now: number; samples: number }
): Promise<ForecastSubject & { seq: number }> {
	return db.transaction(
		async (tx) => {
			const cutover = await runbook.cutoverRow(tx, cutoverId);
			if (!cutover) throw new NotFoundError({ reason: 'errors.cutoverGone' });
			const [taskRows, transferRows] = [
				await runbook.tasksForForecast(tx, cutoverId),
				await transfers.transfersOf(tx, cutoverId)
			];
			return {
				seq: cutover.lastSeq,
				cutover,
				input: {
					tasks: taskRows.map(toForecastTask),
					transfers: transferRows.map((t) => toForecastTransfer(t, options.now)),
					windowStart: cutover.windowStart.getTime(),
					windowEnd: cutover.windowEnd.getTime(),
					now: options.now,
					samples: options.samples,
					// Reproducible: the same state of the same cutover gives the same forecast.
					seed: seedOf(cutover.id)
				},
				names: {
					tasks: Object.fromEntries(taskRows.map((t) => [t.key, t.title])),
					transfers: Object.fromEntries(transferRows.map((t) => [t.key, t.name]))
				}
			};
		},
		{ isolationLevel: 'repeatable read', accessMode: 'read only' }
	);
}
