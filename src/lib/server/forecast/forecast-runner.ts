/**
 * Where forecasts are computed: a worker thread when the worker's file is on disk (the server, the dev server,
 * tests), else inline. A forecast of 5,000 tasks takes tens of milliseconds: on the main thread that would be
 * event-loop time no broadcast can use.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { simulateForecast, type ForecastInput, type ForecastResult } from '../../shared/forecast';
import { FORECAST_WORKER, forecastWorkerUrl } from './forecast.worker';

export type ComputedForecast = ForecastResult & { computeMs: number };

export interface ForecastRunner {
	readonly kind: 'worker' | 'inline';
	run(input: ForecastInput): Promise<ComputedForecast>;
	/**
	 * Starts the worker now rather than at the first forecast. Loading it costs CPU (from source, about a second
	 * for the TypeScript loader), better spent at start than while the first changes arrive.
	 */
	warm(): void;
	close(): Promise<void>;
}

type Reply = { id: number; result: ForecastResult; computeMs: number } | { id: number; error: string };

function inlineRunner(): ForecastRunner {
	return {
		kind: 'inline',
		run: async (input) => {
			const started = performance.now();
			const result = simulateForecast(input);
			return { ...result, computeMs: performance.now() - started };
		},
		warm: () => {},
		close: async () => {}
	};
}

/**
 * The worker's file: the compiled worker module in the build; from source (dev server, tests, CLI), the .mjs
 * beside it that loads it through the TypeScript loader. Null where there is no such file.
 */
function workerFile(): URL | null {
	const own = new URL(forecastWorkerUrl);
	const url = own.pathname.endsWith('.ts') ? new URL('./forecast-worker.mjs', own) : own;
	return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : null;
}

export function createForecastRunner(): ForecastRunner {
	const url = workerFile();
	if (!url) return inlineRunner();
	let worker: Worker | null = null;
	let nextId = 0;
	const waiting = new Map<number, { resolve: (r: ComputedForecast) => void; reject: (e: Error) => void }>();
	const failAll = (err: Error) => {
		for (const w of waiting.values()) w.reject(err);
		waiting.clear();
		worker = null;
	};
	const start = () => {
		const w = new Worker(url, { workerData: FORECAST_WORKER });
		// An idle worker must not keep the process alive.
		w.unref();
		w.on('message', (reply: Reply) => {
			const entry = waiting.get(reply.id);
			waiting.delete(reply.id);
			if (!entry) return;
			if ('error' in reply) entry.reject(new Error(reply.error));
			else entry.resolve({ ...reply.result, computeMs: reply.computeMs });
		});
		w.on('error', (err) => failAll(err));
		w.on('exit', () => failAll(new Error('the forecast worker stopped')));
		return w;
	};
	return {
		kind: 'worker',
		run(input) {
			worker ??= start();
			const id = ++nextId;
			return new Promise((resolve, reject) => {
				waiting.set(id, { resolve, reject });
				worker!.postMessage({ id, input });
			});
		},
		warm() {
			worker ??= start();
		},
		async close() {
			const w = worker;
			worker = null;
			if (w) await w.terminate();
		}
	};
}
