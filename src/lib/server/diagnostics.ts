/**
 * Benchmark tracing (GOLIVE_BENCH_TRACE=1): prints each event's commit time on the host's monotonic clock, so a
 * client process can measure commit-to-arrival latency, and answers SIGUSR2 with event-loop figures. The bare
 * socket.io server of the benchmark uses the same two functions, so both are measured alike.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { App } from './app';

export function stampCommit(seq: number): void {
	process.stdout.write(`BENCH commit ${seq} ${process.hrtime.bigint()}\n`);
}

/**
 * On SIGUSR2: event-loop delay and active time since the last signal, the RSS and the V8 heap in use; then starts
 * afresh. The heap is read after a full collection when the bench started Node with --expose-gc (the memory
 * soak), so what it reports is what stays reachable.
 */
export function reportLoopOnSignal(extra: () => object = () => ({})): void {
	const delay = monitorEventLoopDelay({ resolution: 10 });
	delay.enable();
	let elu = performance.eventLoopUtilization();
	const collect = (globalThis as { gc?: () => void }).gc;
	process.on('SIGUSR2', () => {
		collect?.();
		const now = performance.eventLoopUtilization(elu);
		const stats = {
			delayP50Ms: delay.percentile(50) / 1e6,
			delayP99Ms: delay.percentile(99) / 1e6,
			delayMaxMs: delay.max / 1e6,
			activeMs: now.active,
			utilization: now.utilization,
			rssBytes: process.memoryUsage().rss,
			heapUsedBytes: process.memoryUsage().heapUsed,
			...extra()
		};
		process.stdout.write(`BENCH loop ${JSON.stringify(stats)}\n`);
		delay.reset();
		elu = performance.eventLoopUtilization();
	});
}

export function startBenchTrace(app: App, extra?: () => object): void {
	// Subscribed before the realtime layer, so the stamp is taken right after commit, before any emit.
	app.bus.subscribe((_cutoverId, event) => stampCommit(event.seq));
	reportLoopOnSignal(extra);
}
