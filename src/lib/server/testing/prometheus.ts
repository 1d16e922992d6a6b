/**
 * A real Prometheus server for the metric source tests (Debian's `prometheus`): its own process on a free port,
 * a temporary configuration scraping the given targets every second, temporary storage; stopped and removed
 * after.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from './waiting';

export interface TestPrometheus {
	url: string;
	stop(): Promise<void>;
}

async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise((resolve) => server.close(resolve));
	return port;
}

/** Starts Prometheus scraping `targets` (URLs of `/metrics` pages) every second; resolves once it is ready. */
export async function startPrometheus(targets: string[]): Promise<TestPrometheus> {
	const dir = await mkdtemp(join(tmpdir(), 'golive-prometheus-'));
	const jobs = targets.map((target, i) => {
		const url = new URL(target);
		return [
			`  - job_name: target${i}`,
			`    metrics_path: ${url.pathname}`,
			'    static_configs:',
			`      - targets: ['${url.host}']`
		].join('\n');
	});
	const config = [
		'global:',
		'  scrape_interval: 1s',
		'  evaluation_interval: 1s',
		'scrape_configs:',
		...jobs
	];
	await writeFile(join(dir, 'prometheus.yml'), `${config.join('\n')}\n`);
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	let output = '';
	const child: ChildProcess = spawn(
		'prometheus',
		[
			`--config.file=${join(dir, 'prometheus.yml')}`,
			`--storage.tsdb.path=${join(dir, 'data')}`,
			`--web.listen-address=127.0.0.1:${port}`
		],
		{ stdio: ['ignore', 'pipe', 'pipe'] }
	);
	child.stdout!.on('data', (d: Buffer) => (output += d));
	child.stderr!.on('data', (d: Buffer) => (output += d));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const stop = async () => {
		child.kill('SIGTERM');
		await exited;
		await rm(dir, { recursive: true, force: true });
	};
	const ready = await eventually(
		() =>
			fetch(`${url}/-/ready`).then(
				(r) => r.ok,
				() => false
			),
		20_000,
		100
	);
	if (!ready) {
		await stop();
		throw new Error(`Prometheus did not become ready:\n${output.slice(-2000)}`);
	}
	return { url, stop };
}
