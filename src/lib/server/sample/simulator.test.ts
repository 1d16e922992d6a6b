import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	ManualClock,
	WatchedClock,
	testAdmin as admin,
	testForecastSettings,
	testTransfer,
	withManualMetricFeed
} from '../testing';
import { isFinished } from '../../shared/task-status';
import { toZonedIso } from '../../shared/time';
import type { App } from '../app';
import { systemActor } from '../auth/actor';
import { needsSetup } from '../auth/auth.service';
import { listDecisions, listPeople } from '../decisions/decision.service';
import { windowHistory } from '../runbook/window-history';
import { createForecastRunner } from '../forecast/forecast-runner';
import { publishForecast } from '../forecast/forecast.service';
import { testDatabases } from '../db/test-db';
import { eventsAfter } from '../events/event.service';
import { getCutover, listCutovers } from '../runbook/cutover-lookup';
import { listTasks, transitionTask, updateTask } from '../runbook/task.service';
import { listTransfers, reportProgress } from '../transfers/transfer.service';
import { listMetrics, metricSeries } from '../metrics/metric.service';
import { SAMPLE_METRICS, SAMPLE_SERVICES } from './sample-runbook';
import { SAMPLE_SLUG, ensureSampleCutover } from './sample.service';
import { SAMPLE_CHAIR, SAMPLE_STEERING } from './sample-steering';
import { startSimulator } from './simulator';
import { momentEvents } from './simulator-plan';

const MINUTE = 60_000;
/** One turn of the event loop (I/O included): false. */
const sleepless = () => new Promise<false>((resolve) => setImmediate(() => resolve(false)));

const FORECAST_SETTINGS = testForecastSettings({ debounceMs: 1000, maxWaitMs: 10_000 });

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
			// The streams come after the runbook (they wait for its tasks), then the checks' waits for them.
			expect(events.map((e) => e.type)).toEqual([
				'cutover.created',
				'runbook.imported',
				...Array(4).fill('transfer.created'),
				...Array(4).fill('task.updated'),
				// Scenario 1's catalogue of services, which the metrics name.
				...Array(SAMPLE_SERVICES.length).fill('service.created'),
				// The metrics the room watches at the opening, defined as an operator defines them.
				...Array(SAMPLE_METRICS.length).fill('metric.created'),
				// The staged opening's plan, its stages gated on those metrics.
				'opening.planned',
				// The go decision on the checkpoint, with the criteria met before the weekend.
				'decision.opened',
				...Array(3).fill('decision.criterion_updated')
			]);
			expect(events.every((e) => e.actor.name === 'golive sample')).toBe(true);
			const transfers = await listTransfers(app, admin, SAMPLE_SLUG);
			expect(transfers.map((t) => t.key)).toEqual(['customers', 'cases', 'documents', 'orgs']);
			const metrics = await listMetrics(app, admin, SAMPLE_SLUG);
			expect(metrics.map((m) => [m.key, m.sustainSeconds, m.level, m.lastAt])).toEqual(
				SAMPLE_METRICS.map((m) => [m.key, 120, 'ok', null])
			);
			const reconcile = tasks.find((t) => t.key === 'TR-CUS-10');
			expect(reconcile?.dependsOnTransfers).toEqual(['customers']);

			const [go] = await listDecisions(app, admin, SAMPLE_SLUG);
			expect(go).toMatchObject({ key: 'GO', checkpointTask: 'TST-19', status: 'open', quorum: 3 });
			expect(go.voters).toEqual(SAMPLE_STEERING.map((m) => m.username));
			expect(go.criteria.map((c) => c.state)).toEqual([
				'pending',
				'pending',
				'met',
				'pending',
				'met',
				'pending',
				'pending',
				'met'
			]);
			expect(go.criteria.filter((c) => c.state === 'met').every((c) => c.evidenceNote)).toBe(true);
			// The steering members are users with a password nobody knows; the first visit still leads to setup.
			expect(await needsSetup(app)).toBe(true);
			const members = await listPeople(app, admin);
			expect(members.map((m) => m.username)).toEqual(
				expect.arrayContaining(SAMPLE_STEERING.map((m) => m.username))
			);
		});
	});

	describe('startSimulator', { timeout: 60_000 }, () => {
		it('plays a demo cutover to the end through the task service', async () => {
			const stop = await startSimulator(app, { speed: 1_000_000, seed: 7, tickMs: 10, log });
			expect(stop.slug).toMatch(/^demo-\d{8}-\d{4}(-\d+)?$/);
			const outcome = await Promise.race([
				stop.finished,
				new Promise((resolve) => setTimeout(() => resolve('timeout'), 50_000))
			]);
			stop();
			expect(outcome).toBe('completed');
			// Alone on its cutover, the simulator never has a move refused.
			expect(logs.filter((l) => l.includes(' -> '))).toEqual([]);

			const tasks = await listTasks(app, admin, stop.slug);
			expect(tasks.length).toBeGreaterThanOrEqual(140);
			expect(tasks.every((t) => isFinished(t.status))).toBe(true);

			await Promise.all([app.progress.flush(), app.metricFeed.flush()]);
			const events = await allEvents(stop.slug);
			expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
			// Progress and metric readings reach the boards in their feeds' events; everything else is the simulator's.
			const feeds = new Set(['transfer.progressed', 'metrics.updated', 'metric.breached', 'metric.cleared']);
			const fromFeed = (type: string) => feeds.has(type);
			const [feed, own] = [events.filter((e) => fromFeed(e.type)), events.filter((e) => !fromFeed(e.type))];
			expect(
				feed.every(
					(e) => e.actor.name === (e.type === 'transfer.progressed' ? 'transfer progress' : 'metrics')
				)
			).toBe(true);
			expect(feed.some((e) => e.type === 'metrics.updated')).toBe(true);
			// Votes, the go and the checkpoint it completes are the steering members' own; the rest the simulator's.
			const steering = new Set(SAMPLE_STEERING.map((m) => m.displayName));
			const byMembers = own.filter((e) => steering.has(e.actor.name));
			expect(own.filter((e) => !steering.has(e.actor.name)).every((e) => e.actor.name === 'Simulator')).toBe(
				true
			);
			expect(byMembers.map((e) => e.type)).toEqual([
				...Array(4).fill('decision.voted'),
				'decision.recorded',
				'task.transitioned',
				// The go leaves a draft of the user notice for communications staff, in the same write.
				'notice.created'
			]);
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
			// The criteria were met as their evidence came in; the chair's go completed the checkpoint.
			const [go] = await listDecisions(app, admin, stop.slug);
			const decided = go.outcomes[0];
			expect(decided).toMatchObject({ kind: 'go', recordedBy: SAMPLE_CHAIR.username });
			expect(decided.evidence.readiness.every((c) => c.state === 'met')).toBe(true);
			expect(decided.evidence.tally).toMatchObject({ go: 4, quorumMet: true, blockedBy: [] });
			const checkpoint = moves.find((e) => e.data.task.key === 'TST-19' && e.data.to === 'done');
			expect(checkpoint?.data.note).toBe('go decision GO');
			const opening = moves.find((e) => e.data.task.key === 'TST-20' && e.data.to === 'in_progress');
			expect(opening!.seq).toBeGreaterThan(checkpoint!.seq);
			// The customer-data chain ran slow and says so.
			const slow = moves.find((e) => e.data.task.key === 'TR-CUS-06' && e.data.to === 'done');
			expect(slow?.data.note).toMatch(/longer than planned/);
		});

		it('pushes the streams through the transfer service and starts their checks only once they finished', async () => {
			const clock = new WatchedClock();
			const stop = await startSimulator(app, { speed: 1_000_000, seed: 3, tickMs: 10, log, clock });
			// A stream an operator adds is theirs to report: the go-live tests wait for it until they do.
			const operator = systemActor('Operator');
			await testTransfer(
				app,
				stop.slug,
				{ key: 'extra', name: 'Late extra extract', unit: 'rows', total: 10 },
				operator
			);
			await updateTask(app, operator, stop.slug, 'TST-01', { dependsOnTransfers: ['extra'] });
			const statusOf = async (key: string) =>
				(await listTasks(app, admin, stop.slug)).find((t) => t.key === key)!.status;
			const deadline = Date.now() + 50_000;
			while ((await statusOf('INT-17')) !== 'done' && Date.now() < deadline)
				await new Promise((r) => setTimeout(r, 20));
			expect(await statusOf('INT-17')).toBe('done');
			await clock.fired(10); // ten more ticks: the go-live tests still wait for the stream
			expect(await statusOf('TST-01')).toBe('not_started');
			await reportProgress(app, operator, stop.slug, 'extra', { done: 10 });
			expect(await stop.finished).toBe('completed');

			await app.progress.flush();
			const transfers = await listTransfers(app, admin, stop.slug);
			const tasks = new Map((await listTasks(app, admin, stop.slug)).map((t) => [t.key, t]));
			expect(transfers.map((t) => t.key)).toEqual(['customers', 'cases', 'documents', 'orgs', 'extra']);
			const reported = (await allEvents(stop.slug)).flatMap((e) =>
				e.type === 'transfer.progressed' ? e.data.transfers.map((t) => t.key) : []
			);
			expect([...new Set(reported)].sort()).toEqual(['cases', 'customers', 'documents', 'extra', 'orgs']);
			for (const transfer of transfers) {
				expect(transfer.done).toBe(transfer.total);
				expect(transfer.finishedAt).not.toBeNull();
				const started = Date.parse(transfer.startedAt!);
				// It started once the tasks before it had finished...
				for (const k of transfer.dependsOn)
					expect(started).toBeGreaterThanOrEqual(Date.parse(tasks.get(k)!.actualEnd!));
				// ...and the task checking its data started only after it had finished.
				const checks = [...tasks.values()].filter((t) => t.dependsOnTransfers.includes(transfer.key));
				expect(checks).toHaveLength(1);
				expect(Date.parse(checks[0].actualStart!)).toBeGreaterThanOrEqual(Date.parse(transfer.finishedAt!));
			}
		});

		it('has the steering group extend the window once when the forecast says it is at risk', async () => {
			// At 6,000x the 86-hour window plays in under a minute; the test stops it once the window moved.
			const stop = await startSimulator(app, { speed: 6000, seed: 5, tickMs: 10, log });
			const cutover = await getCutover(app, admin, stop.slug);
			const runner = createForecastRunner();
			try {
				// Forecast as at the last minutes of the window with almost nothing done: it cannot fit.
				const late = Date.parse(cutover.windowEnd) - 60_000;
				const forecast = await publishForecast(app, runner, cutover.id, FORECAST_SETTINGS, late);
				expect(forecast.atRisk).toBe(true);
				let decisions = await listDecisions(app, admin, stop.slug);
				for (let i = 0; i < 300 && !decisions.some((d) => d.key === 'EXT' && d.outcomes.length); i++) {
					await new Promise((r) => setTimeout(r, 20));
					decisions = await listDecisions(app, admin, stop.slug);
				}
				stop();
				await stop.finished;
				const extension = decisions.find((d) => d.key === 'EXT')!;
				expect(extension.title).toBe('Extend the window?');
				expect(extension.votes.map((v) => v.voter)).toEqual(SAMPLE_STEERING.map((m) => m.username));
				const outcome = extension.outcomes[0];
				expect(outcome).toMatchObject({ kind: 'extend', previousWindowEnd: cutover.windowEnd });
				// At least the P90 end (plus an hour of demo time).
				expect(Date.parse(outcome.newWindowEnd!)).toBeGreaterThanOrEqual(Date.parse(forecast.p90));
				expect(outcome.rationale).toMatch(/P90 end/);
				expect((await getCutover(app, admin, stop.slug)).windowEnd).toBe(outcome.newWindowEnd);
				const history = await windowHistory(app, admin, stop.slug);
				expect(history.at(-1)).toMatchObject({ decision: 'EXT', to: outcome.newWindowEnd });
				// Once per demo, however often the forecast says it.
				expect(decisions.filter((d) => !d.checkpointTask).map((d) => d.key)).toEqual(['EXT']);
			} finally {
				stop();
				await runner.close();
			}
		});

		it('carries on when a user moves a task under it, and stops cleanly', async () => {
			const clock = new WatchedClock();
			const stop = await startSimulator(app, { speed: 60, seed: 1, tickMs: 20, log, clock });
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
			await clock.fired(2); // a whole tick after the user's move
			const tasks = await listTasks(app, admin, stop.slug);
			expect(tasks.filter((t) => t.status === 'in_progress').map((t) => t.key)).toContain('PREP-02');

			stop();
			expect(await stop.finished).toBe('stopped');
			// Stopped means nothing is left to run: no tick is waiting on the clock.
			expect(clock.pending).toBe(0);
			stop(); // a second stop is harmless
		});
		it('starts from a moment: plays the time since the window opened at once, stamped in the past, then live', async () => {
			// 86 h 45 min into the window: this run's go was decided half an hour before, the staged opening runs. At
			// 120x the window opened 43 real minutes ago; the rest of the opening takes over half a real minute.
			const speed = 120;
			const from = 86 * 60 + 45;
			const seed = 11;
			const clock = new WatchedClock();
			const held: string[] = [];
			const released: string[] = [];
			const before = Date.now();
			const stop = await startSimulator(app, {
				speed,
				seed,
				tickMs: 20,
				log,
				clock,
				from: { minutes: from },
				holdForecasts: (cutoverId) => {
					held.push(cutoverId);
					return () => void released.push(cutoverId);
				}
			});
			const after = Date.now();
			const real = (minutes: number) => (minutes * MINUTE) / speed;
			try {
				await stop.caughtUp;
				const caughtUpAt = Date.now();
				const cutover = await getCutover(app, admin, stop.slug);
				const windowStart = Date.parse(cutover.windowStart);
				expect(windowStart).toBeGreaterThanOrEqual(before - real(from));
				expect(windowStart).toBeLessThanOrEqual(after - real(from));
				// The forecasts waited while it caught up, and were let go when it had.
				expect(held).toEqual([cutover.id]);
				expect(released).toEqual([cutover.id]);
				expect(logs).toContainEqual(
					expect.stringContaining(`catching up: ${stop.slug} starts 3 d 14 h 45 min into its window`)
				);
				expect(logs).toContainEqual(
					expect.stringMatching(`^\\[simulator\\] caught up with ${stop.slug} in `)
				);

				// What was played is stamped in the past, in the order and at the pace of this run's plan.
				const tasks = await listTasks(app, admin, stop.slug);
				const byKey = new Map(tasks.map((t) => [t.key, t]));
				const finished = tasks.filter((t) => isFinished(t.status));
				expect(finished.length).toBeGreaterThan(140);
				for (const t of finished) {
					const [start, end] = [Date.parse(t.actualStart!), Date.parse(t.actualEnd!)];
					expect(start, t.key).toBeGreaterThanOrEqual(windowStart);
					expect(end, t.key).toBeGreaterThanOrEqual(start);
					expect(end, t.key).toBeLessThan(caughtUpAt);
					for (const d of t.dependsOn)
						expect(start, `${t.key} after ${d}`).toBeGreaterThanOrEqual(Date.parse(byKey.get(d)!.actualEnd!));
					if (t.notBefore) expect(start, t.key).toBeGreaterThanOrEqual(Date.parse(t.notBefore));
				}
				const transfers = await listTransfers(app, admin, stop.slug);
				expect(transfers.every((t) => t.finishedAt && Date.parse(t.finishedAt) < caughtUpAt)).toBe(true);
				// The first stream and the checkpoint started when this run's plan says, give or take a few simulated
				// minutes (moves due within a minute of each other land in one step).
				const events = momentEvents(seed);
				const firstStream = Math.min(...transfers.map((t) => Date.parse(t.startedAt!)));
				expect(Math.abs(firstStream - (windowStart + real(events.transfers)))).toBeLessThanOrEqual(real(10));
				const checkpoint = byKey.get('TST-19')!;
				expect(
					Math.abs(Date.parse(checkpoint.actualStart!) - (windowStart + real(events.go)))
				).toBeLessThanOrEqual(real(10));

				// The steering group met in the past too: the votes while the checkpoint ran, the chair's go completing it.
				const [go] = await listDecisions(app, admin, stop.slug);
				expect(go.criteria.every((c) => c.state === 'met')).toBe(true);
				expect(go.criteria.every((c) => Date.parse(c.updatedAt) <= Date.parse(checkpoint.actualStart!))).toBe(
					true
				);
				expect(go.votes).toHaveLength(4);
				for (const v of go.votes) {
					expect(Date.parse(v.at)).toBeGreaterThan(Date.parse(checkpoint.actualStart!));
					expect(Date.parse(v.at)).toBeLessThan(Date.parse(checkpoint.actualEnd!));
				}
				expect(go.outcomes.map((o) => [o.kind, o.at])).toEqual([['go', checkpoint.actualEnd]]);

				// The event log tells the same story: in seq order, each no earlier than the one before, from the window's
				// opening to the moment it caught up with.
				const log = await allEvents(stop.slug);
				expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
				const at = log.map((e) => Date.parse(e.at));
				for (let i = 1; i < at.length; i++) expect(at[i], `seq ${i + 1}`).toBeGreaterThanOrEqual(at[i - 1]);
				expect(at[0]).toBe(windowStart);
				// The window's history starts with the planned window, as the window opened.
				expect((await windowHistory(app, admin, stop.slug))[0].at).toBe(cutover.windowStart);
				expect(at.at(-1)!).toBeLessThan(caughtUpAt);
				expect(at.at(-1)!).toBeGreaterThan(windowStart + real(from - 60));
				// Progress reached the boards in the catch-up's own events, stamped with their steps' times.
				expect(log.filter((e) => e.type === 'transfer.progressed').length).toBeGreaterThan(20);

				// Then it carries on live, on the real clock.
				let live: typeof log = [];
				for (let i = 0; i < 500 && !live.some((e) => e.type === 'task.transitioned'); i++) {
					await clock.fired(5);
					live = await eventsAfter(app, cutover.id, log.length, 1000);
				}
				const moved = live.find((e) => e.type === 'task.transitioned');
				expect(moved).toBeDefined();
				expect(Date.parse(moved!.at)).toBeGreaterThanOrEqual(caughtUpAt);
			} finally {
				stop();
				await stop.finished;
			}
		});

		/**
		 * Reads the transitions of the metrics in a demo's event log: the load breaches only after the go, critically
		 * on the web tier, and every breach has cleared by `by` (epoch ms, the recovery's end). Returns the go's time
		 * and the critical breaches.
		 */
		async function expectSpikeAfterGo(slug: string, by: number) {
			const [go] = await listDecisions(app, admin, slug);
			expect(go.outcomes[0].kind).toBe('go');
			const goAt = Date.parse(go.outcomes[0].at);
			const events = await allEvents(slug);
			const transitions = events.filter((e) => e.type === 'metric.breached' || e.type === 'metric.cleared');
			const moves = transitions.map((e) => ({ type: e.type, ...e.data, at: Date.parse(e.data.at) }));
			expect(moves.filter((m) => m.at <= goAt)).toEqual([]);
			expect(transitions.every((e) => e.actor.name === 'metrics')).toBe(true);
			const critical = moves.filter((m) => m.type === 'metric.breached' && m.level === 'critical');
			expect(critical.map((m) => m.metric).sort()).toEqual(['p95', 'users', 'web-cpu', 'web-db']);
			const warned = moves.filter((m) => m.type === 'metric.breached' && m.level === 'warning');
			expect(warned.map((m) => m.metric)).toEqual(expect.arrayContaining(['errors', 'rps']));
			// The marketplace, restricted for the day, stays under its lines.
			expect(moves.filter((m) => m.metric.startsWith('market-'))).toEqual([]);
			// Each breach cleared after it: the room sees warning, critical, then the clearing.
			for (const b of moves.filter((m) => m.type === 'metric.breached')) {
				const cleared = moves.find(
					(m) => m.type === 'metric.cleared' && m.metric === b.metric && m.at > b.at
				);
				expect(cleared, `${b.metric} ${b.level}`).toBeDefined();
				expect(cleared!.at).toBeLessThanOrEqual(by);
			}
			const metrics = await listMetrics(app, admin, slug);
			expect(metrics.every((m) => m.level === 'ok')).toBe(true);
			return { goAt, critical };
		}

		it('pushes the load while catching up: quiet until the go, then the opening, the spike and its clearing', async () => {
			const [speed, seed] = [240, 13];
			const opening = momentEvents(seed).opening;
			const stop = await startSimulator(app, {
				speed,
				seed,
				tickMs: 20,
				log,
				from: { minutes: opening + 60 }
			});
			try {
				await stop.caughtUp;
				const cutover = await getCutover(app, admin, stop.slug);
				const windowStart = Date.parse(cutover.windowStart);
				const real = (minutes: number) => (minutes * MINUTE) / speed;
				const { goAt, critical } = await expectSpikeAfterGo(stop.slug, windowStart + real(opening + 60));
				// The users arrived when this run's plan says, give or take the few simulated minutes a line takes.
				const breachedAt = Math.min(...critical.map((m) => m.at));
				expect(Math.abs(breachedAt - (windowStart + real(opening)))).toBeLessThanOrEqual(real(20));
				// The history is there after the jump: a sample per simulated minute, quiet through the night.
				const users = await metricSeries(app, admin, stop.slug, 'users', {
					from: windowStart,
					to: goAt
				});
				expect(users.points.length).toBeGreaterThan(100);
				expect(Math.max(...users.points.map((p) => p[3]))).toBeLessThan(400);
			} finally {
				stop();
				await stop.finished;
			}
		});

		it('pushes the load live through the metrics service, judged by the metrics feed', async () => {
			const [speed, seed, tickMs] = [6000, 17, 10];
			const opening = momentEvents(seed).opening;
			const real = (minutes: number) => (minutes * MINUTE) / speed;
			// A clock the test moves, an hour behind the real one (samples may not be ahead of the server's clock): the
			// catch-up ends where it stands, and the live play moves a tick each time the test moves it.
			const clock = new ManualClock(Date.now() - 60 * MINUTE);
			let settled = false;
			let armed = () => {};
			const setTimer = clock.setTimeout;
			clock.setTimeout = (run, ms) => {
				armed();
				return setTimer(run, ms);
			};
			/** Moves the clock by `ms` and waits until a timer is set again (the next tick's), or the play has stopped. */
			const step = async (ms: number) => {
				const next = new Promise<void>((resolve) => (armed = resolve));
				clock.advance(ms);
				while (!settled && !(await Promise.race([next.then(() => true), sleepless()])));
			};
			await withManualMetricFeed(app, async (feed) => {
				const stop = await startSimulator(app, {
					speed,
					seed,
					tickMs,
					loadEveryMs: tickMs,
					log,
					clock,
					from: { minutes: opening - 10 }
				});
				void stop.finished.then(() => (settled = true));
				try {
					let caughtUp = false;
					void stop.caughtUp.then(() => (caughtUp = true));
					for (let i = 0; i < 100_000 && !caughtUp; i++) await step(0);
					expect(caughtUp).toBe(true);
					const windowStart = Date.parse((await getCutover(app, admin, stop.slug)).windowStart);
					const liveFrom = clock.now();
					expect(Math.abs(liveFrom - (windowStart + real(opening - 10)))).toBeLessThanOrEqual(1);
					// Live from ten simulated minutes before the users arrive until the load has settled.
					for (let i = 0; i < 10_000 && !settled; i++) await step(tickMs);
					expect(await stop.finished).toBe('completed');
					await feed.flush();
					const { critical } = await expectSpikeAfterGo(stop.slug, clock.now());
					// The spike was pushed live: stamped on the moved clock, after the catch-up.
					expect(critical.every((m) => Date.parse(m.since) > liveFrom)).toBe(true);
				} finally {
					stop();
					await stop.finished;
				}
			});
		});

		it('starts just before a named moment of this run', async () => {
			const speed = 240;
			for (const name of ['transfers', 'behind'] as const) {
				const stop = await startSimulator(app, { speed, seed: 22, tickMs: 20, log, from: { name } });
				try {
					await stop.caughtUp;
					const cutover = await getCutover(app, admin, stop.slug);
					// Half a minute of real time before the event: two hours of demo time at 240x.
					const event = Date.parse(cutover.windowStart) + (momentEvents(22)[name] * MINUTE) / speed;
					expect(event - Date.now(), name).toBeGreaterThan(0);
					expect(event - Date.now(), name).toBeLessThanOrEqual(30_000);
					const transfers = await listTransfers(app, admin, stop.slug);
					const tasks = new Map((await listTasks(app, admin, stop.slug)).map((t) => [t.key, t]));
					if (name === 'transfers') {
						// The backups are under way or done; no stream has started.
						expect(transfers.filter((t) => t.startedAt)).toEqual([]);
						expect(tasks.get('SD-12')!.status).toBe('done');
					} else {
						// Other streams flow; the customer data is still being prepared, hours late.
						expect(transfers.find((t) => t.key === 'customers')!.startedAt).toBeNull();
						expect(transfers.find((t) => t.key === 'documents')!.startedAt).not.toBeNull();
						expect(tasks.get('TR-CUS-01')!.status).toBe('done');
						expect(tasks.get('TR-CUS-06')!.status).toBe('not_started');
					}
					expect(logs.some((l) => l.includes(`(just before "${name}", which this run reaches at `))).toBe(
						true
					);
				} finally {
					stop();
					await stop.finished;
				}
			}
		});
	});
});
