import { instantToWallTime, wallTimeToInstant } from '../../shared/time';
import { systemActor } from '../auth/actor';
import type { Ctx } from '../context';
import { ConflictError } from '../errors';
import { createCutover, listCutovers } from '../runbook/cutover.service';
import { importRunbook } from '../runbook/task.service';
import { sampleRunbook } from './sample-runbook';

export const SAMPLE_SLUG = 'sample-tyopolku';
export const SAMPLE_TIMEZONE = 'Europe/Helsinki';

const DAY = 86_400_000;

/** The next Thursday 18:00 on the clocks of `zone` after `now` (the sample's window reads as a coming cutover). */
export function nextThursdayEvening(now: number, zone: string): number {
	const today = Date.parse(`${instantToWallTime(now, zone).slice(0, 10)}T00:00:00Z`);
	const thursday = 4;
	const days = (thursday - new Date(today).getUTCDay() + 7) % 7;
	const eveningOf = (day: number) =>
		wallTimeToInstant(`${new Date(today + day * DAY).toISOString().slice(0, 10)}T18:00`, zone)!;
	const start = eveningOf(days);
	// On a Thursday after 18:00, the next one is a week away.
	return start > now ? start : eveningOf(days + 7);
}

/** Creates the sample cutover on first start (when there are no cutovers at all). */
export async function ensureSampleCutover(ctx: Ctx, now = Date.now()): Promise<void> {
	const actor = systemActor('golive sample');
	if ((await listCutovers(ctx, actor)).length > 0) return;
	const { cutover, runbook } = sampleRunbook(nextThursdayEvening(now, SAMPLE_TIMEZONE), SAMPLE_TIMEZONE);
	try {
		await createCutover(ctx, actor, { slug: SAMPLE_SLUG, ...cutover });
	} catch (err) {
		// Another process starting at the same time created it first: it also loads the runbook.
		if (err instanceof ConflictError) return;
		throw err;
	}
	await importRunbook(ctx, actor, SAMPLE_SLUG, runbook);
}
