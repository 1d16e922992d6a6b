/**
 * The demo simulator behind `npm run demo`: creates a fresh demo cutover from the sample runbook, compressed by
 * `speed` (simulated minutes per real minute) and starting now, and plays it forward. Every move goes through
 * `transitionTask` as the "Simulator" system actor, the same path as a user's click, so every board sees it
 * live; if a user moves a task meanwhile, the simulator's stale move gets a 409, is logged, and it carries on.
 * The transfer streams start when the tasks they wait for are finished and report through `reportProgress`, as
 * migration scripts do through the API; a task that waits for a stream starts once the stream is finished.
 * The steering group plays its part too (simulator-steering.ts): readiness, votes, the go at the checkpoint and
 * an extension when the forecast says the window is at risk.
 */
import { isReady } from '../../shared/schedule';
import type { TaskView } from '../../shared/schemas/runbook';
import type { TransferView } from '../../shared/schemas/transfers';
import { isFinished, type TaskStatus } from '../../shared/task-status';
import { formatDuration, instantToWallTime } from '../../shared/time';
import { systemActor } from '../auth/actor';
import { systemClock, type Clock } from '../clock';
import type { Ctx } from '../context';
import { ConflictError, DomainError } from '../errors';
import { createCutover } from '../runbook/cutover.service';
import { listTasks, transitionTask } from '../runbook/task.service';
import { listTransfers, reportProgress } from '../transfers/transfer.service';
import { CUSTOMER_CHAIN_PREFIX, sampleRunbook } from './sample-runbook';
import { SAMPLE_TIMEZONE, loadSample } from './sample.service';
import { planFor, transferFactor, type Plan } from './simulator-plan';
import { steeringPlay } from './simulator-steering';
import { log as serverLog } from '../observability/log';

export interface SimulatorOptions {
	/** Simulated minutes per real minute (60: the 86-hour window plays in 86 minutes). */
	speed: number;
	/** Seed of the random factors, so a run can be repeated. */
	seed?: number;
	/** Real milliseconds between ticks. */
	tickMs?: number;
	log?: (message: string) => void;
	/**
	 * Its ticks and its "now". The services stamp tasks with the wall clock, so this must be the real time (tests
	 * pass a watched one, to count ticks and see what is left to run).
	 */
	clock?: Clock;
}

/** Stops the simulator; also tells which cutover it plays and when it has finished (or been stopped). */
export type StopSimulator = (() => void) & {
	slug: string;
	finished: Promise<'completed' | 'stopped'>;
};

const MINUTE = 60_000;
/** Simulated minutes between a stream's progress reports (a script reports every few minutes, not every tick). */
const REPORT_EVERY_MINUTES = 5;

/** A running transfer stream: when the simulator started it, how slow it runs, and when it last reported. */
interface Flow {
	startedAt: number;
	factor: number;
	reportedAt: number;
}

async function createDemoCutover(ctx: Ctx, speed: number, now: number) {
	const actor = systemActor('Simulator');
	const { cutover, ...sample } = sampleRunbook(now, SAMPLE_TIMEZONE, {
		timeScale: speed,
		name: `Demo: Työpolku 2.0 go-live (${speed}× speed)`
	});
	const stamp = instantToWallTime(now, SAMPLE_TIMEZONE).replace(/[-:]/g, '').replace('T', '-');
	for (let n = 1; ; n++) {
		const slug = n === 1 ? `demo-${stamp}` : `demo-${stamp}-${n}`;
		try {
			await createCutover(ctx, actor, { slug, ...cutover });
		} catch (err) {
			if (err instanceof ConflictError && n < 50) continue;
			throw err;
		}
		await loadSample(ctx, actor, slug, sample);
		return slug;
	}
}

/** Creates a demo cutover and plays it forward; resolves to the function that stops it. */
export async function startSimulator(ctx: Ctx, options: SimulatorOptions): Promise<StopSimulator> {
	const {
		speed,
		seed = Math.floor(Math.random() * 2 ** 32),
		tickMs = 1000,
		log = (message: string) => serverLog.info(message),
		clock = systemClock
	} = options;
	const actor = systemActor('Simulator');
	const startedAt = clock.now();
	const slug = await createDemoCutover(ctx, speed, startedAt);
	// The simulator runs tasks and streams for their full-scale durations divided by the speed, not the rounded
	// demo ones.
	const fullScale = sampleRunbook(startedAt, SAMPLE_TIMEZONE);
	const fullMinutes = new Map(fullScale.runbook.tasks.map((t) => [t.key, t.durationMinutes]));
	const fullTransferMinutes = new Map(fullScale.transfers.map((t) => [t.key, t.plannedMinutes!]));
	const flows = new Map<string, Flow>();
	const plans = new Map<string, Plan>();
	const minutesOf = (t: TaskView) => fullMinutes.get(t.key) ?? t.durationMinutes * speed;
	const planOf = (t: TaskView) => {
		let plan = plans.get(t.key);
		if (!plan) plans.set(t.key, (plan = planFor(seed, t, minutesOf(t))));
		return plan;
	};
	/** Real milliseconds of `simMinutes` simulated minutes. */
	const real = (simMinutes: number) => (simMinutes * MINUTE) / speed;

	// Read through a function: `stop()` changes it while a tick awaits, which narrowing cannot see.
	let state: 'running' | 'stopped' | 'completed' = 'running';
	const running = () => state === 'running';
	let timer: unknown;
	let ticking = false;
	let resolveFinished!: (how: 'completed' | 'stopped') => void;
	const finished = new Promise<'completed' | 'stopped'>((resolve) => (resolveFinished = resolve));

	const steering = steeringPlay(ctx, slug, {
		timeZone: SAMPLE_TIMEZONE,
		real,
		runOf: (task) => real(minutesOf(task) * planOf(task).factor),
		running,
		log
	});

	async function move(task: TaskView, to: TaskStatus, note?: string): Promise<boolean> {
		if (!running()) return false;
		try {
			await transitionTask(ctx, actor, slug, task.key, { to, note, expectedVersion: task.version });
			return true;
		} catch (err) {
			// A user moved the task meanwhile, or the database is closing: note it and carry on.
			if (running())
				log(`[simulator] ${task.key} -> ${to}: ${err instanceof DomainError ? err.message : String(err)}`);
			return false;
		}
	}

	async function report(transfer: TransferView, done: number): Promise<boolean> {
		if (!running()) return false;
		try {
			await reportProgress(ctx, actor, slug, transfer.key, { done });
			return true;
		} catch (err) {
			// Someone else reported meanwhile, or the database is closing: note it and carry on.
			if (running())
				log(
					`[simulator] ${transfer.key} progress ${done}: ${err instanceof DomainError ? err.message : String(err)}`
				);
			return false;
		}
	}

	/** Starts and reports the streams whose tasks are finished; returns the keys of the finished streams. */
	async function playTransfers(status: Map<string, TaskStatus>, now: number): Promise<Set<string>> {
		const finished = new Set<string>();
		for (const transfer of await listTransfers(ctx, actor, slug)) {
			if (transfer.finishedAt) {
				finished.add(transfer.key);
				continue;
			}
			const minutes = fullTransferMinutes.get(transfer.key);
			// A stream a user added is theirs to report.
			if (minutes === undefined) continue;
			if (!transfer.dependsOn.every((k) => isFinished(status.get(k) ?? 'not_started'))) continue;
			let flow = flows.get(transfer.key);
			if (!flow) {
				const factor = transferFactor(seed, transfer.key);
				flows.set(transfer.key, (flow = { startedAt: now, factor, reportedAt: -Infinity }));
			}
			const share = Math.min(1, (now - flow.startedAt) / real(minutes * flow.factor));
			const done = share === 1 ? transfer.total : Math.max(transfer.done, Math.floor(transfer.total * share));
			if (done < transfer.total && now - flow.reportedAt < real(REPORT_EVERY_MINUTES)) continue;
			if (!(await report(transfer, done))) continue;
			flow.reportedAt = now;
			if (done === transfer.total) finished.add(transfer.key);
		}
		return finished;
	}

	function doneNote(task: TaskView, plan: Plan): string | undefined {
		const over = minutesOf(task) * (plan.factor - 1);
		if (task.key.startsWith(CUSTOMER_CHAIN_PREFIX))
			return `Throughput below the estimate: took ${formatDuration(over)} longer than planned`;
		if (over >= 30) return `Took ${formatDuration(over)} longer than planned`;
		if (over <= -30) return `Finished ${formatDuration(-over)} ahead of plan`;
		return undefined;
	}

	/** One step of the play; true when every task is finished. */
	async function tick(): Promise<boolean> {
		const tasks = await listTasks(ctx, actor, slug);
		const status = new Map<string, TaskStatus>(tasks.map((t) => [t.key, t.status]));
		const now = clock.now();
		await steering.tick(tasks, now);
		for (const task of tasks) {
			const plan = planOf(task);
			const run = real(minutesOf(task) * plan.factor);
			if (task.status === 'in_progress' && task.actualStart) {
				// A checkpoint is held until the chair records the go, which completes it: it neither fails nor ends here.
				if (steering.gated.has(task.key)) continue;
				const started = Date.parse(task.actualStart);
				if (plan.failAt !== null && !plan.failed) {
					if (now >= started + run * plan.failAt && (await move(task, 'failed', plan.failure[0]))) {
						plan.failed = true;
						status.set(task.key, 'failed');
					}
					continue;
				}
				const left = plan.failed && plan.failAt !== null ? run * (1 - plan.failAt) : run;
				if (now >= started + left && (await move(task, 'done', doneNote(task, plan))))
					status.set(task.key, 'done');
			} else if (task.status === 'failed' && task.actualEnd) {
				if (now >= Date.parse(task.actualEnd) + real(plan.retryAfter))
					if (await move(task, 'in_progress', plan.failure[1] || 'Retrying'))
						status.set(task.key, 'in_progress');
			}
		}
		const arrived = await playTransfers(status, now);
		for (const task of tasks) {
			if (!running()) return false;
			const reached = task.notBefore === null || Date.parse(task.notBefore) <= now;
			const dataArrived = task.dependsOnTransfers.every((k) => arrived.has(k));
			if (reached && dataArrived && isReady(task, (k) => status.get(k)) && (await move(task, 'in_progress')))
				status.set(task.key, 'in_progress');
		}
		return [...status.values()].every(isFinished);
	}

	async function loop() {
		if (!running()) return;
		ticking = true;
		let complete = false;
		try {
			complete = await tick();
		} catch (err) {
			if (running()) log(`[simulator] tick failed: ${err instanceof Error ? err.message : String(err)}`);
		} finally {
			ticking = false;
		}
		if (!running()) return resolveFinished('stopped');
		if (complete) {
			state = 'completed';
			log(`[simulator] every task of ${slug} is finished; the simulator stops`);
			return resolveFinished('completed');
		}
		timer = clock.setTimeout(loop, tickMs);
	}

	const stop = () => {
		if (!running()) return;
		state = 'stopped';
		clock.clearTimeout(timer);
		// A tick in flight resolves `finished` when it returns.
		if (!ticking) resolveFinished('stopped');
	};
	log(`[simulator] playing cutover ${slug} at ${speed}x speed (seed ${seed})`);
	timer = clock.setTimeout(loop, 0);
	return Object.assign(stop, { slug, finished });
}
