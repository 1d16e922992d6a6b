import { describe, expect, it } from 'vitest';
import { transferNodeKey } from '../../shared/forecast/graph';
import { criticalPath, graphProblems, plannedSchedule, scheduleEnd } from '../../shared/schedule';
import { runbookImportInput, type RunbookImportInput } from '../../shared/schemas/runbook';
import { transferCreateInput, type TransferCreateInput } from '../../shared/schemas/transfers';
import { toZonedIso, wallTimeToInstant } from '../../shared/time';
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

/** The planned schedule with the transfer streams as steps of their planned duration. */
const scheduleWithTransfers = (
	runbook: RunbookImportInput,
	transfers: TransferCreateInput[],
	windowStart: number
) =>
	plannedSchedule(
		[
			...runbook.tasks.map((t) => ({
				key: t.key,
				durationMinutes: t.durationMinutes,
				dependsOn: [...t.dependsOn, ...t.dependsOnTransfers.map(transferNodeKey)],
				notBefore: t.notBefore ?? null
			})),
			...transfers.map((t) => ({
				key: transferNodeKey(t.key),
				durationMinutes: t.plannedMinutes!,
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
		expect(runbook.tasks.find((t) => t.key === 'TR-CUS-12')!.dependsOnTransfers).toEqual([CUSTOMER_TRANSFER]);
		// Without their streams, the checks would name streams the cutover does not have.
		expect(() => assertSchedulable(runbook.tasks, transfers.slice(1))).toThrow(/customers/);
	});

	it('plans each stream as long as the load steps it measures, so the plan does not move', () => {
		expect(transfers.map((t) => t.plannedMinutes)).toEqual([4 * 270, 420, 720, 120]);
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

	it('plans the whole critical path inside the window', () => {
		const slots = scheduleOf(runbook, cutover.windowStart);
		expect(scheduleEnd(slots, cutover.windowStart)).toBeLessThanOrEqual(cutover.windowEnd);
		const path = criticalPath(slots);
		expect(slots.get(path.at(-1)!)!.end).toBeLessThanOrEqual(cutover.windowEnd);
		// The staged opening runs on its fixed times, 06:30 to 08:00 on Monday.
		const opening = runbook.tasks.filter((t) => t.phase === 'Opening' && t.notBefore);
		expect(opening.map((t) => toZonedIso(t.notBefore!, ZONE).slice(11, 16))).toEqual([
			'06:30',
			'07:00',
			'07:30',
			'07:45'
		]);
	});

	it('runs its driving chain through the customer data and leaves 6-10 hours of slack before opening', () => {
		const free = scheduleOf(runbook, cutover.windowStart, true);
		const path = criticalPath(free);
		expect(path[0]).toBe('PREP-01');
		expect(path.some((k) => k.startsWith(CUSTOMER_CHAIN_PREFIX))).toBe(true);
		expect(path).toContain('TST-19');
		const goDecided = free.get('TST-20')!.end;
		const opening = runbook.tasks.find((t) => t.key === 'OP-04')!.notBefore!;
		const slack = (opening - goDecided) / HOUR;
		expect(slack).toBeGreaterThanOrEqual(6);
		expect(slack).toBeLessThanOrEqual(10);
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
		// The streams shrink with the plan: 18 hours of customer loads play in 18 minutes.
		expect(demo.transfers.map((t) => t.plannedMinutes)).toEqual([18, 7, 12, 2]);
		expect(demo.transfers.map((t) => t.total)).toEqual(transfers.map((t) => t.total));
		const fast = sampleRunbook(START, ZONE, { timeScale: 1_000_000 });
		for (const t of fast.transfers) expect(transferCreateInput.safeParse(t).success).toBe(true);
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
