/** Child processes of a benchmark run: line-oriented output, waiting for a line, CPU and RSS from /proc. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

export interface Child {
	proc: ChildProcess;
	/** Resolves with the first stdout line matching `pattern` (seen or future), or rejects after `ms`. */
	waitFor(pattern: RegExp, ms?: number): Promise<string>;
	onLine(listener: (line: string) => void): void;
	send(line: string): void;
	stop(): Promise<void>;
}

export function start(command: string, args: string[], env: Record<string, string> = {}): Child {
	const proc = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
	const listeners = new Set<(line: string) => void>();
	createInterface({ input: proc.stdout! }).on('line', (line) => listeners.forEach((l) => l(line)));
	const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
	return {
		proc,
		onLine: (l) => listeners.add(l),
		waitFor(pattern, ms = 60_000) {
			return new Promise((resolve, reject) => {
				// Both listeners go once settled: a soak asks every few seconds for ten minutes.
				const done = () => {
					clearTimeout(timer);
					listeners.delete(check);
					proc.off('exit', exit);
				};
				const timer = setTimeout(() => {
					done();
					reject(new Error(`timed out waiting for ${pattern} from ${command} ${args.join(' ')}`));
				}, ms);
				const check = (line: string) => {
					if (!pattern.test(line)) return;
					done();
					resolve(line);
				};
				const exit = (code: number | null) => {
					done();
					reject(new Error(`${command} exited (${code}) before ${pattern}`));
				};
				listeners.add(check);
				proc.once('exit', exit);
			});
		},
		send: (line) => proc.stdin!.write(line + '\n'),
		async stop() {
			if (proc.exitCode === null) proc.kill('SIGTERM');
			const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
			await exited;
			clearTimeout(timer);
		}
	};
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
		server.on('error', reject);
	});
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** User + system CPU time of a process, in ms. */
export function cpuMs(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

export function rssBytes(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) * 1024;
}

/** A process's private memory (anonymous pages): a PostgreSQL backend's RSS without the shared buffers it maps. */
export function anonRssBytes(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/RssAnon:\s+(\d+)/.exec(status)![1]) * 1024;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
