/** Runs Monte Carlo forecasts off the main thread, so a heavy one never delays a broadcast. */
import { parentPort, workerData } from 'node:worker_threads';
import { simulateForecast, type ForecastInput } from '../../shared/forecast';

/** The worker's workerData: loaded anywhere else (the runner imports it for its URL), this module starts nothing. */
export const FORECAST_WORKER = 'golive.forecastWorker';
/** Where this module is, which the runner starts the worker from: in the build, the chunk it is compiled into. */
export const forecastWorkerUrl = import.meta.url;

if (parentPort && workerData === FORECAST_WORKER) {
	const port = parentPort;
	port.on('message', ({ id, input }: { id: number; input: ForecastInput }) => {
		try {
			const started = performance.now();
			const result = simulateForecast(input);
			port.postMessage({ id, result, computeMs: performance.now() - started });
		} catch (err) {
			port.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
		}
	});
}
