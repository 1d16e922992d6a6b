import { describe, expect, it } from 'vitest';
import {
	estimateRate,
	plannedDurationMs,
	plannedRatePerMs,
	simulateForecast,
	type ForecastInput,
	type ForecastTask,
	type ForecastTransfer,
	type ProgressSample
} from '../../shared/forecast';
import { transferNodeKey } from '../../shared/forecast/graph';
import { criticalPath, graphProblems, plannedSchedule, scheduleEnd, type Slot } from '../../shared/schedule';
import { metricCreateInput } from '../../shared/schemas/metrics';
import { runbookImportInput, type RunbookImportInput } from '../../shared/schemas/runbook';
import { transferCreateInput, type TransferCreateInput } from '../../shared/schemas/transfers';
import { toZonedIso, wallTimeToInstant } from '../../shared/time';
import type { CutoverRow } from '../db/schema';
import { forecastView } from '../forecast/forecast.service';
import { assertSchedulable } from '../runbook/schedulable';
import {
	CUSTOMER_CHAIN_PREFIX,
	CUSTOMER_TRANSFER,
	SAMPLE_PHASES,
	SAMPLE_TEAMS,
	sampleRunbook
} from './sample-runbook';
import { nextThursdayEvening } from './sample.service';

const ZONE = 'Europe/Helsinki';
const START = wallTimeToInstant('2024-10-10T18:00', ZONE)!;
const HOUR = 3_600_000;
const MINUTE = 60_000;

const scheduleOf = (runbook: RunbookImportInput, windowStart: number, dropNotBefore = false) =>
	plannedSchedule(
		runbook.tasks.map((t) => ({
			key: t.key,
			durationMinutes: t.durationMinutes,
			dependsOn: t.dependsOn,
			notBefore: dropNotBefore ? null : (t.notBefore ?? null),
			status: 'not_started' as const,
			actualStart: null,
			actualEnd: null
		})),
		windowStart
	);

/**
 * The schedule with the transfer streams as steps: each task and stream takes its planned minutes times
 * `pace(node key)` (1: the plan).
 */
const scheduleWithTransfers = (
	runbook: RunbookImportInput,
	transfers: TransferCreateInput[],
	windowStart: number,
	{ pace = () => 1, dropNotBefore = false }: { pace?: (key: string) => number; dropNotBefore?: boolean } = {}
) =>
	plannedSchedule(
		[
			...runbook.tasks.map((t) => ({
				key: t.key,
				durationMinutes: t.durationMinutes * pace(t.key),
				dependsOn: [...t.dependsOn, ...t.dependsOnTransfers.map(transferNodeKey)],
				notBefore: dropNotBefore ? null : (t.notBefore ?? null)
			})),
			...transfers.map((t) => ({
				key: transferNodeKey(t.key),
				durationMinutes: t.plannedMinutes! * pace(transferNodeKey(t.key)),
				dependsOn: t.dependsOn,
				notBefore: null
			}))
		].map((n) => ({ ...n, status: 'not_started' as const, actualStart: null, actualEnd: null })),
		windowStart
	);

describe('sample runbook', () => {
	const { cutover, runbook, transfers } = sampleRunbook(START, ZONE);

	it('spans Thursday 18:00 to Monday 08:00 in the given zone', () => {
		expect(cutover.timezone).toBe(ZONE);
		expect(toZonedIso(cutover.windowStart, ZONE)).toBe('2024-10-10T18:00:00+03:00');
		expect(toZonedIso(cutover.windowEnd, ZONE)).toBe('2024-10-14T08:00:00+03:00');
	});

	it('has about 150 tasks in 8 phases, with unique keys, all in listed phases', () => {
		expect(runbook.tasks.length).toBeGreaterThanOrEqual(140);
		expect(runbook.tasks.length).toBeLessThanOrEqual(160);
		expect(runbook.phases).toEqual([...SAMPLE_PHASES]);
		expect(runbook.phases).toHaveLength(8);
		for (const phase of runbook.phases) expect(runbook.tasks.some((t) => t.phase === phase)).toBe(true);
		expect(runbook.tasks.every((t) => runbook.phases.includes(t.phase))).toBe(true);
		expect(new Set(runbook.tasks.map((t) => t.key)).size).toBe(runbook.tasks.length);
	});

	it('passes the import schema (the API would accept it as JSON)', () => {
		const json = {
			phases: runbook.phases,
			tasks: runbook.tasks.map((t) => ({
				...t,
				notBefore: t.notBefore ? toZonedIso(t.notBefore, ZONE) : null
			}))
		};
		const parsed = runbookImportInput.safeParse(json);
		expect(parsed.error?.issues ?? []).toEqual([]);
	});

	it('is a valid dependency graph', () => {
		expect(graphProblems(runbook.tasks)).toEqual({ unknown: [], duplicates: [], cycle: null });
	});

	it('has four transfer streams the API would accept, sized as in scenario 1', () => {
		expect(transfers.map((t) => [t.key, t.unit])).toEqual([
			[CUSTOMER_TRANSFER, 'records'],
			['cases', 'rows'],
			['documents', 'GB'],
			['orgs', 'records']
		]);
		expect(transfers[0].total).toBe(4_200_000);
		for (const t of transfers) expect(transferCreateInput.safeParse(t).error?.issues ?? []).toEqual([]);
	});

	it('forms one schedulable graph of tasks and streams: export task, then stream, then its check', () => {
		expect(() => assertSchedulable(runbook.tasks, transfers)).not.toThrow();
		const taskKeys = new Set(runbook.tasks.map((t) => t.key));
		for (const transfer of transfers) {
			expect(transfer.dependsOn.length).toBeGreaterThan(0);
			for (const k of transfer.dependsOn) expect(taskKeys).toContain(k);
			const checks = runbook.tasks.filter((t) => t.dependsOnTransfers.includes(transfer.key));
			expect(checks).toHaveLength(1);
			expect(checks[0].phase).toBe('Data transfers');
		}
		// The customer stream waits for the customer data to be transformed; its reconciliation waits for it.
		expect(transfers[0].dependsOn).toContain('TR-CUS-05');
		expect(runbook.tasks.find((t) => t.key === 'TR-CUS-10')!.dependsOnTransfers).toEqual([CUSTOMER_TRANSFER]);
		// Without their streams, the checks would name streams the cutover does not have.
		expect(() => assertSchedulable(runbook.tasks, transfers.slice(1))).toThrow(/customers/);
	});

	it('plans each stream as long as the load steps it measures, so the plan does not move', () => {
		expect(transfers.map((t) => t.plannedMinutes)).toEqual([4 * 300, 420, 720, 120]);
		const without = scheduleOf(runbook, cutover.windowStart);
		const withTransfers = scheduleWithTransfers(runbook, transfers, cutover.windowStart);
		expect(scheduleEnd(withTransfers, cutover.windowStart)).toBe(scheduleEnd(without, cutover.windowStart));
		for (const t of runbook.tasks) expect(withTransfers.get(t.key)!.start).toBe(without.get(t.key)!.start);
	});

	it('is owned by team names only', () => {
		for (const t of runbook.tasks) expect(SAMPLE_TEAMS).toContain(t.owner);
	});

	it('has three-point estimates on the transfer tasks', () => {
		const transfers = runbook.tasks.filter((t) => t.phase === 'Data transfers' && t.durationMinutes >= 60);
		expect(transfers.length).toBeGreaterThan(20);
		const estimated = transfers.filter((t) => t.estimate);
		expect(estimated.length).toBeGreaterThan(transfers.length / 2);
		for (const t of estimated) {
			expect(t.estimate!.likely).toBe(t.durationMinutes);
			expect(t.estimate!.optimistic).toBeLessThan(t.estimate!.likely);
			expect(t.estimate!.pessimistic).toBeGreaterThan(t.estimate!.likely);
		}
	});

	it('ends its plan an hour before the window end, the staged opening on its fixed times', () => {
		const slots = scheduleOf(runbook, cutover.windowStart);
		const end = scheduleEnd(slots, cutover.windowStart);
		// Inside the window by more than the forecast's margin (30 minutes by default), or it is at risk from the start.
		expect(toZonedIso(end, ZONE)).toBe('2024-10-14T07:00:00+03:00');
		expect(cutover.windowEnd - end).toBe(HOUR);
		const path = criticalPath(slots);
		expect(slots.get(path.at(-1)!)!.end).toBe(end);
		// The staged opening runs from 05:30 on Monday; the steering group decides at 18:00 on Sunday.
		const opening = runbook.tasks.filter((t) => t.phase === 'Opening' && t.notBefore);
		expect(opening.map((t) => toZonedIso(t.notBefore!, ZONE).slice(11, 16))).toEqual([
			'05:30',
			'06:00',
			'06:30',
			'06:45'
		]);
		const go = runbook.tasks.find((t) => t.key === 'TST-19')!;
		expect(toZonedIso(go.notBefore!, ZONE)).toBe('2024-10-13T18:00:00+03:00');
		expect(slots.get('TST-19')!.start).toBe(go.notBefore);
	});

	it('runs its driving chain through the customer data and stream, with 12-18 hours of contingency', () => {
		const free = scheduleOf(runbook, cutover.windowStart, true);
		const path = criticalPath(free);
		expect(path[0]).toBe('PREP-01');
		expect(path.some((k) => k.startsWith(CUSTOMER_CHAIN_PREFIX))).toBe(true);
		expect(path).toContain('TST-19');
		// The customer stream has no slack of its own: its check is on the driving chain and starts as the stream
		// ends, so when the stream runs late, everything after it does.
		const withStreams = scheduleWithTransfers(runbook, transfers, cutover.windowStart, {
			dropNotBefore: true
		});
		const check = runbook.tasks.find((t) => t.dependsOnTransfers.includes(CUSTOMER_TRANSFER))!.key;
		expect(criticalPath(withStreams)).toContain(check);
		expect(withStreams.get(check)!.start).toBe(withStreams.get(transferNodeKey(CUSTOMER_TRANSFER))!.end);
		const goDecided = free.get('TST-20')!.end;
		const opening = runbook.tasks.find((t) => t.key === 'OP-04')!.notBefore!;
		const slack = (opening - goDecided) / HOUR;
		expect(slack).toBeGreaterThanOrEqual(12);
		expect(slack).toBeLessThanOrEqual(18);
	});

	it('has a go/no-go checkpoint for the steering group and uses fictional names', () => {
		const go = runbook.tasks.find((t) => t.title === 'Steering group go decision');
		expect(go?.owner).toBe('steering');
		expect(cutover.name).toContain('Työpolku 2.0');
	});

	it('compresses by a time scale while keeping the plan shape', () => {
		const demo = sampleRunbook(START, ZONE, { timeScale: 60 });
		expect(demo.cutover.windowEnd - demo.cutover.windowStart).toBe(86 * 60_000);
		const slots = scheduleOf(demo.runbook, demo.cutover.windowStart);
		expect(scheduleEnd(slots, START)).toBeLessThanOrEqual(demo.cutover.windowEnd);
		// Each task ends within a minute of where the compressed full-scale plan puts it.
		const full = scheduleOf(runbook, START);
		for (const [key, slot] of slots)
			expect(Math.abs(slot.end - START - (full.get(key)!.end - START) / 60)).toBeLessThanOrEqual(60_000);
		for (const t of demo.runbook.tasks) expect(Number.isInteger(t.durationMinutes)).toBe(true);
		// The streams shrink with the plan: 20 hours of customer loads play in 20 minutes.
		expect(demo.transfers.map((t) => t.plannedMinutes)).toEqual([20, 7, 12, 2]);
		expect(demo.transfers.map((t) => t.total)).toEqual(transfers.map((t) => t.total));
		const fast = sampleRunbook(START, ZONE, { timeScale: 1_000_000 });
		for (const t of fast.transfers) expect(transferCreateInput.safeParse(t).success).toBe(true);
		// A line is breached after two simulated minutes past it: two real seconds at 60x, at once at 1,000,000x.
		expect(demo.metrics.map((m) => m.sustainSeconds)).toEqual(metrics.map(() => 2));
		expect(fast.metrics.map((m) => m.sustainSeconds)).toEqual(metrics.map(() => 0));
	});

	const { metrics } = sampleRunbook(START, ZONE);

	it('defines the metrics the room watches at the opening, each with its lines in order', () => {
		expect(metrics.map((m) => m.key)).toEqual([
			'users',
			'rps',
			'p95',
			'errors',
			'web-cpu',
			'web-db',
			'market-cpu',
			'market-db'
		]);
		expect(new Set(metrics.map((m) => m.name)).size).toBe(metrics.length);
		for (const m of metrics) {
			expect(metricCreateInput.safeParse(m).success, m.key).toBe(true);
			// Load breaches upwards: the warning comes first, the critical line beyond it, the margin below both.
			expect(m.direction, m.key).toBe('above');
			expect(m.warning!, m.key).toBeLessThan(m.critical!);
			expect(m.clearMargin, m.key).toBeLessThan(m.critical! - m.warning!);
			expect(m.sustainSeconds, m.key).toBe(120);
		}
		const byKey = new Map(metrics.map((m) => [m.key, m]));
		// The capacity the platform was sized for; requests are counted; the response time is a p95.
		expect(byKey.get('users')).toMatchObject({ kind: 'gauge', warning: 40_000, critical: 50_000 });
		expect(byKey.get('rps')?.kind).toBe('rate');
		expect(byKey.get('p95')).toMatchObject({ kind: 'quantile', unit: 'ms', warning: 800, critical: 2_000 });
		expect(byKey.get('errors')).toMatchObject({ kind: 'gauge', unit: '%', warning: 1, critical: 5 });
	});
});

/** The at-risk rule's defaults: GOLIVE_FORECAST_THRESHOLD and GOLIVE_FORECAST_MARGIN_MINUTES (env.ts). */
const RISK = { threshold: 0.8, marginMinutes: 30 };
/** How much slower than planned the demo's simulator runs the customer chain and stream (1.5-1.7x). */
const DEMO_SLOW = 1.6;
/** How often the simulator reports a running stream's progress (simulated time). */
const REPORT_EVERY = 5 * MINUTE;

/**
 * The sample at `now` as the forecast reads it, when every task and stream took the durations of `played`:
 * finished, running or waiting. A running stream has reported every five minutes since it started, and its
 * rate is estimated from those reports, as the transfer service does.
 */
function forecastInputAt(
	sample: ReturnType<typeof sampleRunbook>,
	played: Map<string, Slot>,
	now: number
): ForecastInput {
	const { cutover, runbook, transfers } = sample;
	const tasks = runbook.tasks.map((t): ForecastTask => {
		const { start, end } = played.get(t.key)!;
		const status = end <= now ? 'done' : start <= now ? 'in_progress' : 'not_started';
		return {
			key: t.key,
			durationMinutes: t.durationMinutes,
			dependsOn: t.dependsOn,
			dependsOnTransfers: t.dependsOnTransfers,
			notBefore: t.notBefore ?? null,
			status,
			actualStart: status === 'not_started' ? null : start,
			actualEnd: status === 'done' ? end : null,
			estimate: t.estimate ?? null,
			rehearsalMinutes: t.rehearsalMinutes
		};
	});
	const streams = transfers.map((t): ForecastTransfer => {
		const { start, end } = played.get(transferNodeKey(t.key))!;
		const plan = {
			total: t.total,
			plannedMinutes: t.plannedMinutes ?? null,
			plannedRatePerHour: t.plannedRatePerHour ?? null
		};
		const waiting = {
			key: t.key,
			dependsOn: t.dependsOn,
			total: t.total,
			plannedDurationMs: plannedDurationMs(plan)
		};
		const plannedPerMs = plannedRatePerMs(plan);
		if (start > now)
			return {
				...waiting,
				startedAt: null,
				finishedAt: null,
				done: 0,
				rate: estimateRate([], { now, plannedPerMs }),
				eta: null,
				lastProgressAt: null
			};
		const reports: ProgressSample[] = [];
		for (let at = start; at <= Math.min(now, end); at += REPORT_EVERY)
			reports.push({ at, done: Math.floor((t.total * (at - start)) / (end - start)) });
		if (end <= now) reports.push({ at: end, done: t.total });
		const last = reports.at(-1)!;
		const rate = estimateRate(reports, { now: last.at, plannedPerMs });
		const finished = last.done >= t.total;
		return {
			...waiting,
			startedAt: start,
			finishedAt: finished ? end : null,
			done: last.done,
			rate,
			eta: finished ? end : rate.perMs ? last.at + (t.total - last.done) / rate.perMs : null,
			lastProgressAt: last.at
		};
	});
	return {
		tasks,
		transfers: streams,
		windowStart: cutover.windowStart,
		windowEnd: cutover.windowEnd,
		now,
		samples: 1000,
		seed: 20241010
	};
}

/** The board's forecast: the real Monte Carlo run and the real at-risk rule with its default settings. */
function boardForecast(input: ForecastInput) {
	const computed = simulateForecast(input);
	// forecastView reads only the inputs, the seq and the names of the subject.
	const subject = { seq: 1, cutover: {} as CutoverRow, input, names: { tasks: {}, transfers: {} } };
	return forecastView(subject, { ...computed, computeMs: 0 }, RISK);
}

describe("the sample's window forecast", () => {
	const sample = sampleRunbook(START, ZONE);
	const { cutover, runbook, transfers } = sample;
	const customers = transferNodeKey(CUSTOMER_TRANSFER);
	const isCustomerData = (key: string) => key.startsWith(CUSTOMER_CHAIN_PREFIX) || key === customers;
	const play = (pace: (key: string) => number) =>
		scheduleWithTransfers(runbook, transfers, cutover.windowStart, { pace });
	const onPlan = play(() => 1);
	/** The demo: the customer chain and its stream about 1.6x slower than planned, the rest on plan. */
	const demo = play((key) => (isCustomerData(key) ? DEMO_SLOW : 1));
	const streamDriver = { kind: 'transfer', key: CUSTOMER_TRANSFER };

	it('is comfortably inside the window before anything has started', () => {
		for (const now of [cutover.windowStart - 7 * 24 * HOUR, cutover.windowStart]) {
			const forecast = boardForecast(forecastInputAt(sample, onPlan, now));
			expect(forecast.atRisk).toBe(false);
			expect(forecast.probability).toBeGreaterThanOrEqual(0.9);
			expect(Date.parse(forecast.p50)).toBeLessThanOrEqual(cutover.windowEnd - 45 * MINUTE);
		}
	});

	it('stays inside the window while the cutover runs on plan', () => {
		for (let now = cutover.windowStart; now < cutover.windowEnd; now += 6 * HOUR) {
			const forecast = boardForecast(forecastInputAt(sample, onPlan, now));
			expect(forecast.atRisk, toZonedIso(now, ZONE)).toBe(false);
		}
	});

	it('turns to "window at risk" when the customer stream reports at the demo\'s slow rate, naming it', () => {
		const started = demo.get(customers)!.start;
		// The stream has reported for a few (simulated) hours of its day-long run.
		const now = started + 3 * HOUR;
		expect(now).toBeLessThan(demo.get(customers)!.end);
		const input = forecastInputAt(sample, demo, now);
		const stream = input.transfers.find((t) => t.key === CUSTOMER_TRANSFER)!;
		expect(stream.done).toBeGreaterThan(0);
		expect(stream.rate.basis).toBe('observed');
		// It reports 1.6x slower than its plan (the total over the planned minutes).
		const plannedPerMs = transfers[0].total / (transfers[0].plannedMinutes! * MINUTE);
		expect(stream.rate.perMs! * DEMO_SLOW).toBeCloseTo(plannedPerMs);

		const forecast = boardForecast(input);
		expect(forecast.atRisk).toBe(true);
		expect(forecast.probability).toBeLessThan(RISK.threshold);
		expect(Date.parse(forecast.p50)).toBeGreaterThan(cutover.windowEnd);
		expect(forecast.drivers).toContainEqual(expect.objectContaining(streamDriver));
		const share = forecast.drivers.find((d) => d.key === CUSTOMER_TRANSFER)!.criticality;
		expect(share).toBeGreaterThanOrEqual(0.9);
		// Well before the window end: the steering group has days, not hours, to decide.
		expect(cutover.windowEnd - now).toBeGreaterThanOrEqual(48 * HOUR);
	});

	it('is turned by the stream: the same moment with the stream at its planned rate is not at risk', () => {
		// Everything else on plan; only the customer stream is slow, or not.
		const slowStream = play((key) => (key === customers ? DEMO_SLOW : 1));
		const now = onPlan.get(customers)!.start + 3 * HOUR;
		const slow = boardForecast(forecastInputAt(sample, slowStream, now));
		const planned = boardForecast(forecastInputAt(sample, onPlan, now));
		const streamShare = (f: typeof slow) =>
			f.drivers.find((d) => d.key === CUSTOMER_TRANSFER)?.criticality ?? 0;
		expect(planned.atRisk).toBe(false);
		// On plan the stream may drive the end only in the samples where it is drawn slow (STREAM_BAND).
		expect(streamShare(planned)).toBeLessThan(0.1);
		expect(slow.atRisk).toBe(true);
		expect(streamShare(slow)).toBeGreaterThan(0.5);
	});

	it('holds while only the customer extracts run slow, before the stream has reported', () => {
		// The slow steps before the loads eat into the contingency, but not through it.
		const now = demo.get(customers)!.start - 30 * MINUTE;
		expect(demo.get('TR-CUS-04')!.end).toBeLessThanOrEqual(now);
		const forecast = boardForecast(forecastInputAt(sample, demo, now));
		expect(forecast.atRisk).toBe(false);
	});
});

describe('nextThursdayEvening', () => {
	const at = (wall: string) => wallTimeToInstant(wall, ZONE)!;
	it('finds the coming Thursday 18:00 in Helsinki', () => {
		// Monday 23 Nov 2026 -> Thursday 26 Nov.
		expect(toZonedIso(nextThursdayEvening(at('2026-11-23T10:00'), ZONE), ZONE)).toBe(
			'2026-11-26T18:00:00+02:00'
		);
		// Thursday before 18:00 -> the same day; after -> a week later.
		expect(toZonedIso(nextThursdayEvening(at('2026-11-26T17:00'), ZONE), ZONE)).toBe(
			'2026-11-26T18:00:00+02:00'
		);
		expect(toZonedIso(nextThursdayEvening(at('2026-11-26T19:00'), ZONE), ZONE)).toBe(
			'2026-12-03T18:00:00+02:00'
		);
		// Across the end of summer time.
		expect(toZonedIso(nextThursdayEvening(at('2026-10-23T12:00'), ZONE), ZONE)).toBe(
			'2026-10-29T18:00:00+02:00'
		);
	});
});
