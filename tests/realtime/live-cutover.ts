/** A cutover whose window is open now, with a one-phase runbook of ten-minute tasks T0, T1…, for socket tests. */
import type { App } from '../../src/lib/server/app';
import { systemActor } from '../../src/lib/server/auth/actor';
import { createCutover } from '../../src/lib/server/runbook/cutover.service';
import { importRunbook } from '../../src/lib/server/runbook/task.service';
import { cutoverCreateInput, runbookImportInput } from '../../src/lib/shared/schemas/runbook';

const HOUR = 3_600_000;

export async function seedLiveCutover(
	app: App,
	slug: string,
	tasks: number,
	ownerOf: (i: number) => string
): Promise<void> {
	const admin = systemActor('test');
	const now = Date.now();
	await createCutover(
		app,
		admin,
		cutoverCreateInput.parse({
			slug,
			name: slug,
			timezone: 'Europe/Helsinki',
			windowStart: new Date(now - HOUR).toISOString(),
			windowEnd: new Date(now + 8 * HOUR).toISOString()
		})
	);
	await importRunbook(
		app,
		admin,
		slug,
		runbookImportInput.parse({
			phases: ['One'],
			tasks: Array.from({ length: tasks }, (_, i) => ({
				key: `T${i}`,
				title: `Task ${i}`,
				phase: 'One',
				owner: ownerOf(i),
				durationMinutes: 10
			}))
		})
	);
}
