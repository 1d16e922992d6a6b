import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFinished } from '../../shared/task-status';
import { toZonedIso } from '../../shared/time';
import type { App } from '../app';
import { systemActor } from '../auth/actor';
import { testDatabases } from '../db/test-db';
import { eventsAfter } from '../events/event.service';
import { getCutover, listCutovers } from '../runbook/cutover.service';
import { listTasks, transitionTask } from '../runbook/task.service';
import { SAMPLE_SLUG, ensureSampleCutover } from './sample.service';
import { startSimulator } from './simulator';

const admin = systemActor('test admin');

describe.each(testDatabases())('sample and simulator on $kind', (database) => {
	let app: App;
	const logs: string[] = [];
	const log = (m: string) => void logs.push(m);

	beforeAll(async () => {
		app = await database.open();
	});
	afterAll(() => database.close());

	async function allEvents(slug: string) {
		const cutover = await getCutover(app, admin, slug);
		return eventsAfter(app, cutover.id, 0, 100_000);
	}

	describe('ensureSampleCutover', () => {
		it('creates the sample once, on the coming Thursday evening, even when two starts race', async () => {
			const now = Date.parse('2026-11-23T10:00:00Z');
			await Promise.all([ensureSampleCutover(app, now), ensureSampleCutover(app, now)]);
			await ensureSampleCutover(app, now);
			const cutovers = await listCutovers(app, admin);
			expect(cutovers.map((c) => c.slug)).toEqual([SAMPLE_SLUG]);
			expect(toZonedIso(Date.parse(cutovers[0].windowStart), 'Europe/Helsinki')).toBe(
				'2026-11-26T18:00:00+02:00'
			);
			const tasks = await listTasks(app, admin, SAMPLE_SLUG);
			expect(tasks.length).toBeGreaterThanOrEqual(140);
			const events = await allEvents(SAMPLE_SLUG);
			expect(events.map((e) => e.type)).toEqual(['cutover.created', 'runbook.imported']);
			expect(events.every((e) => e.actor.name === 'golive sample')).toBe(true);
		});
	});

	describe('startSimulator', () => {
		it('plays a demo cutover to the end through the task service', async () => {
			const stop = await startSimulator(app, { speed: 1_000_000, seed: 7, tickMs: 10, log });
			expect(stop.slug).toMatch(/^demo-\d{8}-\d{4}(-\d+)?$/);
			const outcome = await Promise.race([
				stop.finished,
				new Promise((resolve) => setTimeout(() => resolve('timeout'), 15_000))
			]);
			stop();
			expect(outcome).toBe('completed');
			// Alone on its cutover, the simulator never has a move refused.
			expect(logs.filter((l) => l.includes(' -> '))).toEqual([]);

			const tasks = await listTasks(app, admin, stop.slug);
			expect(tasks.length).toBeGreaterThanOrEqual(140);
			expect(tasks.every((t) => isFinished(t.status))).toBe(true);

			const events = await allEvents(stop.slug);
			expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
			expect(events.every((e) => e.actor.name === 'Simulator')).toBe(true);
			const moves = events.filter((e) => e.type === 'task.transitioned');
			// Every task started and finished at least once; failures were retried with a note.
			expect(moves.length).toBeGreaterThanOrEqual(tasks.length * 2);
			const failed = moves.filter((e) => e.data.to === 'failed');
			expect(failed.length).toBeGreaterThan(0);
			for (const f of failed) {
				expect(f.data.note).toBeTruthy();
				const retry = moves.find((e) => e.seq > f.seq && e.data.task.key === f.data.task.key);
				expect(retry?.data.from).toBe('failed');
				expect(retry?.data.to).toBe('in_progress');
				expect(retry?.data.note).toBeTruthy();
			}
			// The customer-data chain ran slow and says so.
			const slow = moves.find((e) => e.data.task.key === 'TR-CUS-06' && e.data.to === 'done');
			expect(slow?.data.note).toMatch(/longer than planned/);
		});

		it('carries on when a user moves a task under it, and stops cleanly', async () => {
			const stop = await startSimulator(app, { speed: 60, seed: 1, tickMs: 20, log });
			// At 60x the first task starts at once; a user finishes it before the simulator does.
			let started = false;
			for (let i = 0; i < 100 && !started; i++) {
				await new Promise((r) => setTimeout(r, 20));
				started = (await listTasks(app, admin, stop.slug)).some(
					(t) => t.key === 'PREP-01' && t.status === 'in_progress'
				);
			}
			expect(started).toBe(true);
			await transitionTask(app, systemActor('Operator'), stop.slug, 'PREP-01', {
				to: 'done',
				note: 'by hand'
			});
			await new Promise((r) => setTimeout(r, 200));
			const tasks = await listTasks(app, admin, stop.slug);
			expect(tasks.filter((t) => t.status === 'in_progress').map((t) => t.key)).toContain('PREP-02');

			stop();
			expect(await stop.finished).toBe('stopped');
			const count = (await allEvents(stop.slug)).length;
			await new Promise((r) => setTimeout(r, 200));
			expect((await allEvents(stop.slug)).length).toBe(count);
			stop(); // a second stop is harmless
		});
	});
});
