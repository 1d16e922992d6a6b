/**
 * What other areas may read of the data transfers inside their own transaction (the runbook checks that tasks and
 * transfers can be scheduled together; the forecast reads the streams) and write (a rehearsal copies them). A
 * leaf: it imports no other area.
 */
import type { CutoverWriter } from '../events/event.service';
import type { TransferRow } from '../db/schema';
import { insertTransfer } from './transfer.queries';
import { transferToView } from './views';
export { listTransfers as transfersOf } from './transfer.queries';

/**
 * Copies another cutover's transfer streams (their definitions, not their progress) into the cutover being
 * written, in order: a rehearsal rehearses its data transfers too.
 */
export async function copyTransfers(w: CutoverWriter, from: readonly TransferRow[]): Promise<void> {
	for (const t of from) {
		const row = await insertTransfer(w.tx, {
			cutoverId: w.cutover.id,
			key: t.key,
			name: t.name,
			unit: t.unit,
			total: t.total,
			plannedRatePerHour: t.plannedRatePerHour,
			plannedMinutes: t.plannedMinutes,
			stallAfterMinutes: t.stallAfterMinutes,
			dependsOn: t.dependsOn,
			position: t.position
		});
		w.record('transfer.created', { transfer: transferToView(row, []) });
	}
}
