/** Starts the system under test: golive's production build, or the bare socket.io server. */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort, start, type Child } from './processes';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface RunningServer {
	child: Child;
	port: number;
	url: string;
	/** Commit stamps (µs, host monotonic clock) by seq, as the server prints them. */
	commits: Map<number, number>;
	/** Asks for event-loop figures since the previous ask (SIGUSR2). */
	loopStats(): Promise<LoopStats>;
}

export interface LoopStats {
	delayP50Ms: number;
	delayP99Ms: number;
	delayMaxMs: number;
	activeMs: number;
	utilization: number;
	rssBytes: number;
	snapshotBuilds?: number;
}

export function ensureBuild(): void {
	if (existsSync(resolve(ROOT, 'build/handler.js'))) return;
	console.error('building golive for the benchmark…');
	const r = spawnSync(process.execPath, [resolve(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], {
		cwd: ROOT,
		stdio: 'inherit',
		env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' }
	});
	if (r.status !== 0) throw new Error('vite build failed');
}

async function track(child: Child, port: number): Promise<RunningServer> {
	const commits = new Map<number, number>();
	child.onLine((line) => {
		if (line.startsWith('BENCH commit ')) {
			const [, , seq, ns] = line.split(' ');
			commits.set(Number(seq), Number(BigInt(ns) / 1000n));
		}
	});
	await child.waitFor(/is running/, 120_000);
	return {
		child,
		port,
		url: `http://127.0.0.1:${port}`,
		commits,
		async loopStats() {
			const line = child.waitFor(/^BENCH loop /, 10_000);
			child.proc.kill('SIGUSR2');
			return JSON.parse((await line).slice('BENCH loop '.length)) as LoopStats;
		}
	};
}

export async function startGolive(env: Record<string, string>): Promise<RunningServer> {
	const port = await freePort();
	// BENCH_CPU_PROF=1 writes a V8 CPU profile of the golive server into bench-results/profiles (for --cpu-prof).
	const profile = process.env.BENCH_CPU_PROF
		? ['--cpu-prof', `--cpu-prof-dir=${resolve(ROOT, 'bench-results/profiles')}`]
		: [];
	const child = start(process.execPath, [...profile, '--import', 'tsx', resolve(ROOT, 'server.ts')], {
		...env,
		PORT: String(port),
		HOST: '127.0.0.1',
		GOLIVE_SAMPLE: '0',
		GOLIVE_BENCH_TRACE: '1',
		NODE_ENV: 'production',
		VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true'
	});
	return track(child, port);
}

export async function startBare(
	payloadBytes: number,
	deflate = false,
	progressBytes = 0
): Promise<RunningServer> {
	const port = await freePort();
	const child = start(process.execPath, [
		'--import',
		'tsx',
		resolve(ROOT, 'scripts/bench/bare-server.ts'),
		'--port',
		String(port),
		'--payloadBytes',
		String(payloadBytes),
		'--progressBytes',
		String(progressBytes),
		...(deflate ? ['--deflate'] : [])
	]);
	return track(child, port);
}

/** The client process (clients.ts) with N socket.io clients; resolves once every one of them is connected. */
export async function startClients(
	server: RunningServer,
	n: number,
	flags: Record<string, string> = {}
): Promise<Child & { connectMs: number }> {
	const clients = start(process.execPath, [
		'--import',
		'tsx',
		resolve(ROOT, 'scripts/bench/clients.ts'),
		'--url',
		server.url,
		'--n',
		String(n),
		...Object.entries(flags).flatMap(([flag, value]) => [`--${flag}`, value])
	]);
	const connected = JSON.parse(await clients.waitFor(/"type":"(connected|error)"/, 300_000));
	if (connected.type === 'error') {
		await stopClients(clients);
		throw new Error(connected.message);
	}
	return Object.assign(clients, { connectMs: connected.connectMs as number });
}

/** Joins every client of the process at once; resolves when all hold their board. */
export async function joinClients(
	clients: Child
): Promise<{ joinMs: number; full: number; bytesPerClient: number }> {
	const line = clients.waitFor(/"type":"(joined|error)"/, 300_000);
	clients.send('join');
	const joined = JSON.parse(await line);
	if (joined.type === 'error') throw new Error(joined.message);
	return joined;
}

export async function stopClients(clients: Child): Promise<void> {
	clients.send('exit');
	await clients.stop();
}
