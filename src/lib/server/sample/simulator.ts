/**
 * The demo simulator behind `npm run demo`: creates a fresh demo cutover from the sample runbook, compressed by
 * `speed` (simulated minutes per real minute) and starting now, and plays it forward. Every move goes through
 * `transitionTask` as the "Simulator" system actor, the same path as a user's click, so every board sees it
 * live; if a user moves a task meanwhile, the simulator's stale move gets a 409, is logged, and it carries on.
 * The transfer streams start when the tasks they wait for are finished and report through `reportProgress`, as
 * migration scripts do through the API; a task that waits for a stream starts once the stream is finished.
 * The steering group plays its part too (simulator-steering.ts): readiness, votes, the go at the checkpoint and
 * an extension when the forecast says the window is at risk. The platform's load is played too
 * (simulator-load.ts): quiet until the go, then the opening, the users arriving at once and the recovery, pushed
 * through `pushSamples` as a monitoring bridge pushes them, a batch every simulated minute or every few real
 * seconds, whichever is longer; and the room opens the stages of the staged opening as the load steps up, and
 * restricts the expert marketplace when the web tier turns critical (simulator-opening.ts).
 *
 * Started `from` a moment of the window, the window opened that long ago in demo time, and the simulator first
 * catches up: it plays the time since then at once, as fast as the database allows, through the same services on
 * a virtual clock that jumps from one move to the next (every report, vote and move stamped with its time in the
 * past), until that clock reaches the real one; then it carries on live. A named moment comes half a minute of
 * real time before its event in this run (simulator-plan.ts). The cutover's forecasts are held while it catches
 * up (a forecast is made on the real clock, which the play has not reached yet), so the forecast's history starts
 * where the catch-up ends, and the first forecast then is made from the state caught up with. The load is pushed
 * while catching up too, every quarter of an hour of the play (a sample per simulated minute, stamped in the past),
 * and judged through a metrics feed of the simulator's own, flushed after each step, so the metrics' history and
 * their breaches are there after the jump.
 */
import type { DemoMoment } from '../../shared/demo-moment';
import { isReady } from '../../shared/schedule';
import { MAX_SAMPLES_PER_PUSH } from '../../shared/schemas/metrics';
import type { TaskView } from '../../shared/schemas/runbook';
import type { TransferView } from '../../shared/schemas/transfers';
import { isFinished, type TaskStatus } from '../../shared/task-status';
import { formatDuration, instantToWallTime } from '../../shared/time';
import { systemActor } from '../auth/actor';
import { systemClock, type Clock } from '../clock';
import type { Ctx } from '../context';
import { ConflictError, DomainError } from '../errors';
import { CoalescingFeed } from '../events/coalescing-feed';
import { METRICS_EVERY_MS, publishMetrics, pushSamples } from '../metrics/metric.service';
import { createCutover } from '../runbook/cutover.service';
import { listTasks, transitionTask } from '../runbook/task.service';
import { ProgressFeed } from '../transfers/progress-feed';
import { listTransfers, publishProgress, reportProgress } from '../transfers/transfer.service';
import { CUSTOMER_CHAIN_PREFIX, sampleRunbook } from './sample-runbook';
import { SAMPLE_TIMEZONE, loadSample } from './sample.service';
import { momentEvents, planFor, transferFactor, type Plan } from './simulator-plan';
import { steeringPlay } from './simulator-steering';
import { LOAD_TOLD_AFTER_GO_MINUTES, SyntheticLoad } from './simulator-load';
import { openingPlay } from './simulator-opening';
import { SAMPLE_CHECKPOINT } from './sample-steering';
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
	 * Its ticks and its "now", which its writes are stamped with once it has caught up: the real time (tests pass
	 * a watched one, to count ticks and see what is left to run).
	 */
	clock?: Clock;
	/**
	 * Where in the window the play starts: simulated minutes since it opened, or a named moment of the sample's
	 * story (demo-moments.ts). The window then opened that long ago in demo time; the simulator catches up first.
	 */
	from?: DemoMoment;
	/** Real milliseconds at least between two live pushes of the synthetic load (5 s; tests push more often). */
	loadEveryMs?: number;
	/** Holds the forecasts of a cutover until the returned release (the app's forecast scheduler's hold). */
	holdForecasts?: (cutoverId: string) => (() => void) | undefined;
}

/**
 * Stops the simulator; also tells which cutover it plays, when it has caught up with the real time (at once
 * without `from`; also when it stops first) and when it has finished (or been stopped).
 */
export type StopSimulator = (() => void) & {
	slug: string;
	caughtUp: Promise<void>;
	finished: Promise<'completed' | 'stopped'>;
};

const MINUTE = 60_000;
/**
 * Simulated minutes between a stream's progress reports (a script reports every few minutes, not every tick). The
 * streams report on the same beat, counted from the window's start, so their reports go out together. While
 * catching up they report every half hour: the transfer service keeps a report as a sample (the chart, the rate)
 * at most every few seconds of report time, which at demo speeds is many simulated minutes anyway, and reports go
 * out in statements at most ten a second, so each beat of the catch-up costs a tenth of a second.
 */
const REPORT_EVERY_MINUTES = { live: 5, catchingUp: 60 };
/** A named moment comes this long (real seconds) before its event: time to look around once caught up. */
const MOMENT_LEAD_SECONDS = 30;
/**
 * While catching up, the virtual clock jumps to the next time something is due (a task's end or retry, a stream's
 * report, a vote), by at least a simulated minute (moves due closer together land in one step, as in a live tick)
 * and at most a quarter of an hour (simulated minutes).
 */
const CATCH_UP_STEP_MINUTES = { least: 1, most: 15 };
/** Simulated minutes between two pushes of the synthetic load while catching up. */
const CATCH_UP_LOAD_EVERY_MINUTES = 15;

/** A running transfer stream: when the simulator started it, how slow it runs, and when it last reported. */
interface Flow {
	startedAt: number;
	factor: number;
	reportedAt: number;
}

/** Creates the demo cutover with its window opening at `windowStart`; `created` learns its id before it is loaded. */
async function createDemoCutover(
	ctx: Ctx,
	speed: number,
	windowStart: number,
	created: (cutoverId: string) => void
) {
	const actor = systemActor('Simulator');
	const { cutover, ...sample } = sampleRunbook(windowStart, SAMPLE_TIMEZONE, {
		timeScale: speed,
		name: `Demo: Työpolku 2.0 go-live (${speed}× speed)`
	});
	const stamp = instantToWallTime(windowStart, SAMPLE_TIMEZONE).replace(/[-:]/g, '').replace('T', '-');
	for (let n = 1; ; n++) {
		const slug = n === 1 ? `demo-${stamp}` : `demo-${stamp}-${n}`;
		try {
			created((await createCutover(ctx, actor, { slug, ...cutover })).id);
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
		clock = systemClock,
		from,
		holdForecasts,
		loadEveryMs = 5_000
	} = options;
	const began = performance.now();
	const actor = systemActor('Simulator');
	/** Real milliseconds of `simMinutes` simulated minutes. */
	const real = (simMinutes: number) => (simMinutes * MINUTE) / speed;
	// Where the play starts, in simulated minutes since the window opened; a named moment's event, in this run.
	const event = from && 'name' in from ? momentEvents(seed)[from.name] : null;
	const fromMinutes =
		event !== null
			? Math.max(0, event - (MOMENT_LEAD_SECONDS / 60) * speed)
			: from && 'minutes' in from
				? from.minutes
				: 0;
	const startedAt = clock.now();
	const windowStart = startedAt - real(fromMinutes);

	// While catching up, the simulator's writes go out on a virtual clock, and their progress reports reach the
	// boards through a feed of its own, flushed after each step, so every event carries the time of its step.
	let virtualNow = windowStart;
	let catchingUp = windowStart < startedAt;
	const virtualClock: Clock = { ...clock, now: () => virtualNow };
	const catchUpFeed = new ProgressFeed((cutoverId, keys) => publishProgress(play, cutoverId, keys));
	const catchUpMetrics = new CoalescingFeed(
		'metric readings (demo catching up)',
		(cutoverId, keys) => publishMetrics(play, cutoverId, keys),
		METRICS_EVERY_MS,
		clock
	);
	const play: Ctx = {
		...ctx,
		clock: catchingUp ? virtualClock : clock,
		progress: catchingUp ? catchUpFeed : ctx.progress,
		metricFeed: catchingUp ? catchUpMetrics : ctx.metricFeed
	};
	let releaseForecasts: (() => void) | undefined;
	const slug = await createDemoCutover(play, speed, windowStart, (cutoverId) => {
		if (catchingUp) releaseForecasts = holdForecasts?.(cutoverId);
	});
	// The simulator runs tasks and streams for their full-scale durations divided by the speed, not the rounded
	// demo ones.
	const fullScale = sampleRunbook(windowStart, SAMPLE_TIMEZONE);
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
	/** Real milliseconds a task runs in the play, and how long its run lasts from its (re)start. */
	const runOf = (t: TaskView) => real(minutesOf(t) * planOf(t).factor);
	const leftOf = (t: TaskView) => {
		const plan = planOf(t);
		if (plan.failAt === null) return runOf(t);
		return runOf(t) * (plan.failed ? 1 - plan.failAt : plan.failAt);
	};
	/** Real milliseconds between the streams' reports now, and the report beat a time falls in. */
	const reportEvery = () => real(REPORT_EVERY_MINUTES[catchingUp ? 'catchingUp' : 'live']);
	const beatOf = (at: number) => Math.floor((at - windowStart) / reportEvery());

	// Read through a function: `stop()` changes it while a tick awaits, which narrowing cannot see.
	let state: 'running' | 'stopped' | 'completed' = 'running';
	const running = () => state === 'running';
	let timer: unknown;
	let ticking = false;
	let resolveFinished!: (how: 'completed' | 'stopped') => void;
	const finished = new Promise<'completed' | 'stopped'>((resolve) => (resolveFinished = resolve));
	let resolveCaughtUp!: () => void;
	const caughtUp = new Promise<void>((resolve) => (resolveCaughtUp = resolve));
	/** The earliest time something is due after this step, learnt while it runs: where the catch-up goes next. */
	let nextDue = Infinity;
	let steps = 0;
	const due = (at: number) => void (nextDue = Math.min(nextDue, at));

	const load = new SyntheticLoad(seed, (minute) => windowStart + real(minute));
	let loadPushedAt = -Infinity;
	/** When the chair's go completed the checkpoint, once it has. */
	let goAt: number | null = null;
	/** Whether the load has been played to its end: the lines cleared after the spike (or there was no go). */
	const loadTold = (now: number) => goAt === null || now >= goAt + real(LOAD_TOLD_AFTER_GO_MINUTES);

	/**
	 * Pushes the load since the last push, once a batch is due: against the go once the chair's go has completed
	 * the checkpoint (a checkpoint done by hand counts too).
	 */
	async function pushLoad(tasks: TaskView[], now: number) {
		const checkpoint = tasks.find((t) => t.key === SAMPLE_CHECKPOINT);
		goAt = checkpoint?.status === 'done' && checkpoint.actualEnd ? Date.parse(checkpoint.actualEnd) : null;
		if (!loadTold(now)) due(goAt! + real(LOAD_TOLD_AFTER_GO_MINUTES));
		const every = catchingUp ? real(CATCH_UP_LOAD_EVERY_MINUTES) : Math.max(real(1), loadEveryMs);
		if (now - loadPushedAt < every) return;
		const minuteOf = (at: number) => (at - windowStart) / real(1);
		const samples = load.next(Math.floor(minuteOf(now)), goAt === null ? null : minuteOf(goAt));
		loadPushedAt = now;
		if (!running() || samples.length === 0) return;
		try {
			// A push is at most 10,000 samples: a simulator held up that long pushes the latest.
			await pushSamples(play, actor, slug, { samples: samples.slice(-MAX_SAMPLES_PER_PUSH) });
		} catch (err) {
			if (running()) log(`[simulator] load: ${err instanceof DomainError ? err.message : String(err)}`);
		}
	}

	const steering = steeringPlay(play, slug, {
		timeZone: SAMPLE_TIMEZONE,
		real,
		runOf,
		running,
		log,
		due
	});

	const opening = openingPlay(play, actor, slug, { real, running, log, due });

	async function move(task: TaskView, to: TaskStatus, note?: string): Promise<boolean> {
		if (!running()) return false;
		try {
			await transitionTask(play, actor, slug, task.key, { to, note, expectedVersion: task.version });
			return true;
		} catch (err) {
			// A user moved the task meanwhile, or the database is closing: note it and carry on.
			if (running())
				log(`[simulator] ${task.key} -> ${to}: ${err instanceof DomainError ? err.message : String(err)}`);
			return false;
		}
	}

	async function report(transfer: TransferView, done: number, at: number): Promise<boolean> {
		if (!running()) return false;
		try {
			// While catching up, stamped with the step's time, as a script stamps a report with its own; live, on
			// arrival (after the moves of the tick, which may have started the stream).
			await reportProgress(play, actor, slug, transfer.key, { done, at: catchingUp ? at : undefined });
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
		const reports: Promise<void>[] = [];
		for (const transfer of await listTransfers(play, actor, slug)) {
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
			const endsAt = flow.startedAt + real(minutes * flow.factor);
			const share = Math.min(1, (now - flow.startedAt) / (endsAt - flow.startedAt));
			const done = share === 1 ? transfer.total : Math.max(transfer.done, Math.floor(transfer.total * share));
			if (done < transfer.total) {
				due(Math.min(endsAt, windowStart + (beatOf(now) + 1) * reportEvery()));
				if (beatOf(now) <= beatOf(flow.reportedAt)) continue;
			}
			// The streams due report together (one statement for them all).
			const stream = flow;
			reports.push(
				report(transfer, done, now).then((reported) => {
					if (!reported) return;
					stream.reportedAt = now;
					if (done === transfer.total) finished.add(transfer.key);
				})
			);
		}
		await Promise.all(reports);
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
		const tasks = await listTasks(play, actor, slug);
		const status = new Map<string, TaskStatus>(tasks.map((t) => [t.key, t.status]));
		const now = play.clock.now();
		await steering.tick(tasks, now);
		// The tasks as they were before the steering tick: a go it records now counts from the next push on.
		await pushLoad(tasks, now);
		await opening.tick(now, goAt);
		for (const task of tasks) {
			const plan = planOf(task);
			if (task.status === 'in_progress' && task.actualStart) {
				// A checkpoint is held until the chair records the go, which completes it: it neither fails nor ends here.
				if (steering.gated.has(task.key)) continue;
				const ends = Date.parse(task.actualStart) + leftOf(task);
				if (now < ends) {
					due(ends);
					continue;
				}
				if (plan.failAt !== null && !plan.failed) {
					if (await move(task, 'failed', plan.failure[0])) {
						plan.failed = true;
						status.set(task.key, 'failed');
						due(now + real(plan.retryAfter));
					}
					continue;
				}
				if (await move(task, 'done', doneNote(task, plan))) status.set(task.key, 'done');
			} else if (task.status === 'failed' && task.actualEnd) {
				const retry = Date.parse(task.actualEnd) + real(plan.retryAfter);
				if (now < retry) due(retry);
				else if (await move(task, 'in_progress', plan.failure[1] || 'Retrying')) {
					status.set(task.key, 'in_progress');
					due(now + leftOf(task));
				}
			}
		}
		const arrived = await playTransfers(status, now);
		for (const task of tasks) {
			if (!running()) return false;
			if (task.status !== 'not_started') continue;
			const notBefore = task.notBefore === null ? null : Date.parse(task.notBefore);
			const ready = isReady(task, (k) => status.get(k));
			if (notBefore !== null && notBefore > now) {
				if (ready) due(notBefore);
				continue;
			}
			const dataArrived = task.dependsOnTransfers.every((k) => arrived.has(k));
			if (ready && dataArrived && (await move(task, 'in_progress'))) {
				status.set(task.key, 'in_progress');
				due(now + leftOf(task));
			}
		}
		// The load plays on after the last task until its story is told.
		return [...status.values()].every(isFinished) && loadTold(now);
	}

	/**
	 * Ends the catch-up (its last step's progress is out): from here on the simulator's writes go out on the real
	 * clock, and the cutover's forecasts are made.
	 */
	function goLive() {
		catchingUp = false;
		play.clock = clock;
		play.progress = ctx.progress;
		play.metricFeed = ctx.metricFeed;
		releaseForecasts?.();
		resolveCaughtUp();
		log(
			`[simulator] caught up with ${slug} in ${((performance.now() - began) / 1000).toFixed(1)} s ` +
				`(${steps} steps); carrying on live, ${formatDuration((clock.now() - windowStart) / real(1))} ` +
				'into the window'
		);
	}

	async function loop() {
		if (!running()) return;
		ticking = true;
		let complete = false;
		nextDue = Infinity;
		try {
			complete = await tick();
			if (catchingUp) await Promise.all([catchUpFeed.flush(), catchUpMetrics.flush()]);
		} catch (err) {
			if (running()) log(`[simulator] tick failed: ${err instanceof Error ? err.message : String(err)}`);
		} finally {
			ticking = false;
		}
		if (!running()) return resolveFinished('stopped');
		if (complete) {
			state = 'completed';
			log(`[simulator] every task of ${slug} is finished and the load has settled; the simulator stops`);
			resolveCaughtUp();
			return resolveFinished('completed');
		}
		if (catchingUp) {
			steps++;
			const now = clock.now();
			// Within a live tick of the real time: caught up.
			if (now - virtualNow > tickMs) {
				const { least, most } = CATCH_UP_STEP_MINUTES;
				virtualNow = Math.min(
					now,
					Math.max(virtualNow + real(least), Math.min(nextDue, virtualNow + real(most)))
				);
				timer = clock.setTimeout(loop, 0);
				return;
			}
			goLive();
		}
		timer = clock.setTimeout(loop, tickMs);
	}

	const stop = () => {
		if (!running()) return;
		state = 'stopped';
		clock.clearTimeout(timer);
		if (catchingUp) {
			void catchUpFeed.flush();
			void catchUpMetrics.flush();
			releaseForecasts?.();
		}
		resolveCaughtUp();
		// A tick in flight resolves `finished` when it returns.
		if (!ticking) resolveFinished('stopped');
	};
	log(`[simulator] playing cutover ${slug} at ${speed}x speed (seed ${seed})`);
	if (catchingUp)
		log(
			`[simulator] catching up: ${slug} starts ${formatDuration(fromMinutes)} into its window` +
				(from && 'name' in from
					? ` (just before "${from.name}", which this run reaches at ${formatDuration(event ?? 0)})`
					: '') +
				`, which opened ${formatDuration(real(fromMinutes) / MINUTE)} ago at ${speed}x; ` +
				'playing that time at once, then live'
		);
	else resolveCaughtUp();
	timer = clock.setTimeout(loop, 0);
	return Object.assign(stop, { slug, caughtUp, finished });
}
