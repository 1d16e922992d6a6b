/**
 * Starts the system under test (golive's production build, or the bare socket.io server), the trivial read server
 * and the client process.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { builtEntry } from '../ensure-build.js';
import { freePort, start, type Child } from './processes';

/** Builds golive when the build is missing or older than its sources (as `npm start` does). */
export { ensureBuild } from '../ensure-build.js';

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
	/** V8's heap in use (after a full collection when the server was started with `exposeGc`). */
	heapUsedBytes?: number;
	snapshotBuilds?: number;
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

/** `exposeGc`: each loopStats() collects garbage first, so its heap figure is what stays reachable (the soak). */
export async function startGolive(
	env: Record<string, string>,
	o: { exposeGc?: boolean } = {}
): Promise<RunningServer> {
	const port = await freePort();
	// The compiled server, as `npm start` runs it (ensureBuild() has built it).
	const gc = o.exposeGc ? ['--expose-gc'] : [];
	const child = start(process.execPath, [...gc, ...cpuProfile('golive'), builtEntry], {
		...env,
		PORT: String(port),
		HOST: '127.0.0.1',
		GOLIVE_SAMPLE: '0',
		GOLIVE_BENCH_TRACE: '1',
		NODE_ENV: 'production'
	});
	return track(child, port);
}

/**
 * BENCH_CPU_PROF=1 writes a V8 CPU profile of golive and of the bare server into bench-results/profiles/<name>,
 * so the two can be compared function by function.
 */
function cpuProfile(name: 'golive' | 'bare'): string[] {
	return process.env.BENCH_CPU_PROF
		? ['--cpu-prof', `--cpu-prof-dir=${resolve(ROOT, 'bench-results/profiles', name)}`]
		: [];
}

/** One of the bench's own TypeScript programs (scripts/bench/<name>.ts), with `--flag value` arguments. */
function startScript(
	name: string,
	flags: Record<string, string>,
	switches: string[] = [],
	nodeFlags: string[] = []
): Child {
	return start(process.execPath, [
		...nodeFlags,
		'--import',
		'tsx',
		resolve(ROOT, `scripts/bench/${name}.ts`),
		...Object.entries(flags).flatMap(([flag, value]) => [`--${flag}`, value]),
		...switches.map((s) => `--${s}`)
	]);
}

export async function startBare(
	payloadBytes: number,
	deflate = false,
	progressBytes = 0,
	/** One of a cluster sharing rooms through socket.io's PostgreSQL adapter on this database. */
	pgUrl?: string
): Promise<RunningServer> {
	const port = await freePort();
	const child = startScript(
		'bare-server',
		{
			port: String(port),
			payloadBytes: String(payloadBytes),
			progressBytes: String(progressBytes),
			...(pgUrl ? { pg: pgUrl } : {})
		},
		deflate ? ['deflate'] : [],
		cpuProfile('bare')
	);
	return track(child, port);
}

/** The trivial server (trivial-server.ts) answering every request with this status, these headers and bytes. */
export async function startTrivial(answer: {
	status: number;
	headers: Record<string, string>;
	body: Buffer;
}): Promise<{ url: string; stop(): Promise<void> }> {
	const dir = mkdtempSync(join(tmpdir(), 'golive-trivial-'));
	const bodyFile = join(dir, 'body');
	writeFileSync(bodyFile, answer.body);
	const port = await freePort();
	const child = startScript('trivial-server', {
		port: String(port),
		status: String(answer.status),
		headers: JSON.stringify(answer.headers),
		bodyFile
	});
	const stop = async () => {
		await child.stop();
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		await child.waitFor(/is running/, 30_000);
	} catch (err) {
		await stop();
		throw err;
	}
	return { url: `http://127.0.0.1:${port}/`, stop };
}

/**
 * The client process (clients.ts) with N socket.io clients spread over `servers` (one, or the instances of a
 * cluster); resolves once every one of them is connected.
 */
export async function startClients(
	servers: RunningServer[],
	n: number,
	flags: Record<string, string> = {}
): Promise<Child & { connectMs: number }> {
	const clients = startScript('clients', {
		url: servers.map((s) => s.url).join(','),
		n: String(n),
		...flags
	});
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
