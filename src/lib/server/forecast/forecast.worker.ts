/** Runs Monte Carlo forecasts off the main thread, so a heavy one never delays a broadcast. */
import { parentPort } from 'node:worker_threads';
import { simulateForecast, type ForecastInput } from '../../shared/forecast';

parentPort!.on('message', ({ id, input }: { id: number; input: ForecastInput }) => {
	try {
		const started = performance.now();
		const result = simulateForecast(input);
		parentPort!.postMessage({ id, result, computeMs: performance.now() - started });
	} catch (err) {
		parentPort!.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
	}
});
