/** Builders for the forecast's tests: a task or transfer with defaults, overridden where a test cares. */
import type { ForecastTask, ForecastTransfer } from './graph';

export const W = Date.parse('2024-10-10T15:00:00Z');

export function task(key: string, durationMinutes: number, extra: Partial<ForecastTask> = {}): ForecastTask {
	return {
		key,
		durationMinutes,
		dependsOn: [],
		dependsOnTransfers: [],
		notBefore: null,
		status: 'not_started',
		actualStart: null,
		actualEnd: null,
		estimate: null,
		rehearsalMinutes: [],
		...extra
	};
}

export function transfer(key: string, extra: Partial<ForecastTransfer> = {}): ForecastTransfer {
	return {
		key,
		dependsOn: [],
		startedAt: null,
		finishedAt: null,
		done: 0,
		total: 1000,
		rate: { perMs: null, lowPerMs: null, highPerMs: null, basis: 'none' },
		eta: null,
		plannedDurationMs: null,
		...extra
	};
}
