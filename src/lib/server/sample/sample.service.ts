import { instantToWallTime, wallTimeToInstant } from '../../shared/time';
import { systemActor, type Actor } from '../auth/actor';
import type { Ctx } from '../context';
import { ConflictError } from '../errors';
import { createCutover } from '../runbook/cutover.service';
import { listCutovers } from '../runbook/cutover-lookup';
import { importRunbook, updateTask } from '../runbook/task.service';
import { createMetric } from '../metrics/metric.service';
import { createService } from '../incidents/catalogue.service';
import { setOpeningPlan } from '../opening/opening.service';
import { createTransfer } from '../transfers/transfer.service';
import { sampleRunbook } from './sample-runbook';
import { openSampleDecision } from './sample-steering';

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

/**
 * Loads the sample's runbook and transfer streams into a new cutover. An import may name only streams that
 * exist and a stream only tasks that exist, so: the runbook without the waits for streams, then the streams,
 * then each checking task's wait; then the metrics the room watches at the opening (defined as an operator
 * defines them), the staged opening's plan and the catalogue of services; last the steering group's go decision
 * on its checkpoint.
 */
export async function loadSample(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	sample: Pick<ReturnType<typeof sampleRunbook>, 'runbook' | 'transfers' | 'metrics' | 'opening' | 'services'>
): Promise<void> {
	const { runbook, transfers, metrics, opening, services } = sample;
	const tasks = runbook.tasks.map((t) => ({ ...t, dependsOnTransfers: [] }));
	await importRunbook(ctx, actor, slug, { ...runbook, tasks });
	for (const transfer of transfers) await createTransfer(ctx, actor, slug, transfer);
	for (const t of runbook.tasks)
		if (t.dependsOnTransfers.length)
			await updateTask(ctx, actor, slug, t.key, { dependsOnTransfers: t.dependsOnTransfers });
	// The services first: the metrics name those they measure.
	for (const service of services) await createService(ctx, actor, slug, service);
	for (const metric of metrics) await createMetric(ctx, actor, slug, metric);
	await setOpeningPlan(ctx, actor, slug, opening);
	await openSampleDecision(ctx, actor, slug);
}

/** Creates the sample cutover on first start (when there are no cutovers at all). */
export async function ensureSampleCutover(ctx: Ctx, now = Date.now()): Promise<void> {
	const actor = systemActor('golive sample');
	if ((await listCutovers(ctx, actor)).length > 0) return;
	const sample = sampleRunbook(nextThursdayEvening(now, SAMPLE_TIMEZONE), SAMPLE_TIMEZONE);
	try {
		await createCutover(ctx, actor, { slug: SAMPLE_SLUG, ...sample.cutover });
	} catch (err) {
		// Another process starting at the same time created it first: it also loads the runbook.
		if (err instanceof ConflictError) return;
		throw err;
	}
	await loadSample(ctx, actor, SAMPLE_SLUG, sample);
}
