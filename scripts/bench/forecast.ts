/**
 * Forecast: how long the Monte Carlo of the window takes on a big synthetic runbook (layered tasks, each after
 * one to three earlier ones, some after transfers; the first part done or running).
 */
import {
	createRandom,
	simulateForecast,
	type ForecastTask,
	type ForecastTransfer
} from '../../src/lib/shared/forecast';

export interface ForecastBenchOptions {
	tasks: number;
	transfers: number;
	samples: number;
	repeats?: number;
}

export interface ForecastBenchResult {
	tasks: number;
	transfers: number;
	samples: number;
	msMedian: number;
	msMax: number;
	runs: number;
	/** The first forecast of the process, before the JIT has compiled the sample loop. */
	msCold: number;
}

const MINUTE = 60_000;
const WINDOW_START = Date.parse('2024-10-10T15:00:00Z');
const NOW = WINDOW_START + 6 * 60 * MINUTE;
/** Tasks per layer: each depends on tasks of the layers before. */
const LAYER = 50;

function syntheticRunbook(taskCount: number, transferCount: number) {
	const rand = createRandom(42);
	const pick = (n: number) => Math.floor(rand() * n);
	const transfers: ForecastTransfer[] = [];
	for (let i = 0; i < transferCount; i++) {
		const running = i % 2 === 0;
		const perMs = 1000 / MINUTE;
		transfers.push({
			key: `T${i}`,
			dependsOn: [`t${pick(LAYER)}`],
			startedAt: running ? NOW - 60 * MINUTE : null,
			finishedAt: null,
			done: running ? 60_000 : 0,
			total: 200_000,
			rate: { perMs, lowPerMs: perMs * 0.6, highPerMs: perMs * 1.3, basis: 'observed' },
			eta: running ? NOW + 140 * MINUTE : null,
			plannedDurationMs: 200 * MINUTE,
			lastProgressAt: NOW - MINUTE
		});
	}
	const tasks: ForecastTask[] = [];
	const finishedBefore = Math.floor(taskCount * 0.2);
	for (let i = 0; i < taskCount; i++) {
		const layerStart = Math.floor(i / LAYER) * LAYER;
		const dependsOn = new Set<string>();
		if (layerStart > 0) for (let d = 1 + pick(3); d > 0; d--) dependsOn.add(`t${pick(layerStart)}`);
		const durationMinutes = 1 + pick(30);
		const finished = i < finishedBefore;
		const running = !finished && i < finishedBefore + LAYER / 5;
		tasks.push({
			key: `t${i}`,
			durationMinutes,
			dependsOn: [...dependsOn],
			dependsOnTransfers: transferCount > 0 && i % 97 === 0 ? [`T${pick(transferCount)}`] : [],
			notBefore: null,
			status: finished ? 'done' : running ? 'in_progress' : 'not_started',
			actualStart: finished || running ? NOW - 30 * MINUTE : null,
			actualEnd: finished ? NOW - 10 * MINUTE : null,
			estimate:
				i % 3 === 0
					? { optimistic: durationMinutes * 0.8, likely: durationMinutes, pessimistic: durationMinutes * 2 }
					: null,
			rehearsalMinutes: i % 3 === 1 ? [durationMinutes, durationMinutes * 1.2, durationMinutes * 0.9] : []
		});
	}
	return { tasks, transfers };
}

export function runForecastBench(o: ForecastBenchOptions): ForecastBenchResult {
	const { tasks, transfers } = syntheticRunbook(o.tasks, o.transfers);
	const runs = Math.max(1, o.repeats ?? 5);
	const forecast = (seed: number) =>
		simulateForecast({
			tasks,
			transfers,
			windowStart: WINDOW_START,
			windowEnd: WINDOW_START + 48 * 60 * MINUTE,
			now: NOW,
			samples: o.samples,
			seed
		});
	// The server's worker forecasts again and again, so the budget is judged warm: three warm-ups let the JIT
	// compile and optimize the sample loop. The first (cold) one is reported too.
	const coldStarted = performance.now();
	forecast(0);
	const msCold = performance.now() - coldStarted;
	forecast(-1);
	forecast(-2);
	const times: number[] = [];
	for (let run = 1; run <= runs; run++) {
		const started = performance.now();
		forecast(run);
		times.push(performance.now() - started);
	}
	times.sort((a, b) => a - b);
	return {
		tasks: o.tasks,
		transfers: o.transfers,
		samples: o.samples,
		msMedian: times[Math.floor((times.length - 1) / 2)],
		msMax: times[times.length - 1],
		runs,
		msCold
	};
}

if (import.meta.url === `file://${process.argv[1]}`) {
	console.log(runForecastBench({ tasks: 5000, transfers: 20, samples: 1000 }));
}
