/** A cutover whose window is open now, with a one-phase runbook of ten-minute tasks T0, T1…, for socket tests. */
import type { App } from '../../src/lib/server/app';
import { testCutover, testRunbook } from '../../src/lib/server/testing';

const HOUR = 3_600_000;

export async function seedLiveCutover(
	app: App,
	slug: string,
	tasks: number,
	ownerOf: (i: number) => string
): Promise<void> {
	const now = Date.now();
	await testCutover(app, { slug, windowStart: now - HOUR, windowEnd: now + 8 * HOUR });
	await testRunbook(
		app,
		slug,
		Array.from({ length: tasks }, (_, i) => ({
			key: `T${i}`,
			title: `Task ${i}`,
			phase: 'One',
			owner: ownerOf(i),
			durationMinutes: 10
		}))
	);
}
