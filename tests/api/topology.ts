/**
 * The parts of a multi-instance test: HAProxy in front of instances (deploy/haproxy.cfg, the configuration
 * compose.yaml runs), boards as socket clients that keep a cutover's state the way the real board does (apply in
 * seq order, resync from the last seq after a gap or a reconnect), and scripts that move tasks and report
 * progress through the balancer, remembering every write that was answered 2xx.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { io as connectClient, type Socket } from 'socket.io-client';

const root = resolve(import.meta.dirname, '../..');

export const haproxyInstalled = () => spawnSync('haproxy', ['-v'], { stdio: 'ignore' }).status === 0;

export interface Balancer {
	base: string;
	stop(): Promise<void>;
}

/** HAProxy on `port` in front of `backends` (host:port each, three slots). */
export async function startBalancer(port: number, backends: string[]): Promise<Balancer> {
	const env: NodeJS.ProcessEnv = { ...process.env, LISTEN: `127.0.0.1:${port}`, DNS: '127.0.0.1:53' };
	backends.forEach((b, i) => (env[`GOLIVE_${i + 1}`] = b));
	const child: ChildProcess = spawn('haproxy', ['-db', '-f', resolve(root, 'deploy/haproxy.cfg')], {
		env,
		stdio: ['ignore', 'ignore', 'pipe']
	});
	let output = '';
	child.stderr!.on('data', (d) => (output += d));
	const base = `http://127.0.0.1:${port}`;
	const deadline = Date.now() + 15_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`haproxy exited (${child.exitCode}): ${output}`);
		try {
			if ((await fetch(`${base}/api/ready`)).ok) break;
		} catch {
			// not listening yet, or no instance marked up yet
		}
		if (Date.now() > deadline) throw new Error(`haproxy did not pass a request in 15 s: ${output}`);
		await new Promise((r) => setTimeout(r, 200));
	}
	return {
		base,
		async stop() {
			if (child.exitCode !== null) return;
			child.kill('SIGKILL');
			await new Promise((r) => child.once('exit', r));
		}
	};
}

interface BoardEvent {
	seq: number;
	type: string;
	data: {
		task?: { key: string; status: string };
		tasks?: { key: string; status: string }[];
	};
}

/** A board: the cutover's tasks by key and the seq they are as of, kept the way the browser's board keeps them. */
export class BoardClient {
	readonly socket: Socket;
	seq = 0;
	readonly tasks = new Map<string, string>();
	/** Events applied out of seq order: must stay 0. */
	misordered = 0;
	/** Gaps noticed (an event ahead of the next seq) and healed by a resync from the last seq. */
	gapsHealed = 0;
	/** How long each reconnection took, from the drop to the board being whole again (ms). */
	readonly rejoinMs: number[] = [];
	#joined = false;
	#droppedAt: number | null = null;
	#buffer = new Map<number, BoardEvent>();

	constructor(
		base: string,
		token: string,
		private readonly slug: string
	) {
		this.socket = connectClient(base, {
			transports: ['websocket'],
			forceNew: true,
			auth: { token },
			reconnectionDelay: 250,
			reconnectionDelayMax: 1_000
		});
		this.socket.on('connect', () => void this.#join());
		this.socket.on('disconnect', () => {
			this.#joined = false;
			this.#droppedAt ??= Date.now();
		});
		this.socket.on('cutover:event', (event: BoardEvent) => this.#onEvent(event));
	}

	get joined(): boolean {
		return this.#joined;
	}

	async #join(): Promise<void> {
		const res = await this.socket
			.timeout(10_000)
			.emitWithAck('cutover:join', { slug: this.slug, ...(this.seq ? { afterSeq: this.seq } : {}) })
			.catch(() => null);
		if (!res?.ok) {
			// Refused or unanswered (the instance went away meanwhile): the next connect joins again.
			if (this.socket.connected) setTimeout(() => void this.#join(), 500);
			return;
		}
		if (res.data.snapshot) {
			this.tasks.clear();
			for (const t of res.data.snapshot.tasks) this.tasks.set(t.key, t.status);
			this.seq = res.data.snapshot.seq;
		} else for (const e of res.data.events as BoardEvent[]) this.#buffer.set(e.seq, e);
		this.#joined = true;
		this.#drain();
		if (this.#droppedAt !== null) this.rejoinMs.push(Date.now() - this.#droppedAt);
		this.#droppedAt = null;
	}

	#onEvent(event: BoardEvent): void {
		if (event.seq <= this.seq) return;
		this.#buffer.set(event.seq, event);
		if (this.#joined) this.#drain();
	}

	#drain(): void {
		for (let next = this.#buffer.get(this.seq + 1); next; next = this.#buffer.get(this.seq + 1)) {
			this.#buffer.delete(next.seq);
			this.#apply(next);
		}
		for (const seq of this.#buffer.keys()) if (seq <= this.seq) this.#buffer.delete(seq);
		if (this.#buffer.size > 0 && this.#joined) {
			// Ahead of what we hold: read what is missing from the log, by seq.
			this.gapsHealed++;
			this.#joined = false;
			void this.#join();
		}
	}

	#apply(event: BoardEvent): void {
		if (event.seq !== this.seq + 1) this.misordered++;
		this.seq = event.seq;
		const { task, tasks } = event.data;
		if (task && event.type.startsWith('task.')) this.tasks.set(task.key, task.status);
		if (tasks && event.type === 'runbook.imported') for (const t of tasks) this.tasks.set(t.key, t.status);
	}

	close(): void {
		this.socket.close();
	}
}

/** Joined boards: resolves once every one has its snapshot. */
export async function openBoards(
	base: string,
	token: string,
	slug: string,
	count: number
): Promise<BoardClient[]> {
	const boards = Array.from({ length: count }, () => new BoardClient(base, token, slug));
	const deadline = Date.now() + 30_000;
	while (!boards.every((b) => b.joined)) {
		if (Date.now() > deadline)
			throw new Error(`${boards.filter((b) => !b.joined).length} boards did not join`);
		await new Promise((r) => setTimeout(r, 50));
	}
	return boards;
}

export interface Outcome {
	/** Requests not answered 2xx (refused, failed, or cut off). */
	failed: { what: string; status: number; text: string }[];
	/** Every move answered 2xx: the task and the version it answered with. */
	moved: { key: string; version: number }[];
	/** Per stream, the highest `done` answered 2xx. */
	reported: Map<string, number>;
}

/** The next status of a task cycling between in progress and blocked (both ways allowed). */
const nextStatus = (status: string) => (status === 'in_progress' ? 'blocked' : 'in_progress');

/**
 * Scripts at work until `stop` resolves: one loop per task moving it back and forth, and one per stream
 * reporting progress, each waiting for its answer before the next request (as a script does).
 */
export async function drive(
	base: string,
	token: string,
	slug: string,
	tasks: string[],
	streams: string[],
	stop: Promise<void>,
	everyMs = 150
): Promise<Outcome> {
	const outcome: Outcome = { failed: [], moved: [], reported: new Map() };
	let stopped = false;
	void stop.then(() => (stopped = true));
	const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an answer under test
	const call = async (what: string, path: string, body: unknown): Promise<any> => {
		try {
			const res = await fetch(base + path, { method: 'POST', headers, body: JSON.stringify(body) });
			const text = await res.text();
			if (res.ok) return JSON.parse(text);
			outcome.failed.push({ what, status: res.status, text });
		} catch (err) {
			outcome.failed.push({ what, status: 0, text: String(err) });
		}
		return null;
	};
	const statusOf = async (key: string): Promise<string | null> => {
		try {
			const res = await fetch(`${base}/api/v1/cutovers/${slug}/tasks/${key}`, { headers });
			return res.ok ? (await res.json()).status : null;
		} catch {
			return null;
		}
	};
	const pause = () => new Promise((r) => setTimeout(r, everyMs));
	const mover = async (key: string) => {
		let status: string | null = await statusOf(key);
		while (!stopped) {
			const answer: { version: number; status: string } | null = status
				? await call(`move ${key}`, `/api/v1/cutovers/${slug}/tasks/${key}/transition`, {
						to: nextStatus(status),
						force: true
					})
				: null;
			if (answer) {
				outcome.moved.push({ key, version: answer.version });
				status = answer.status;
			} else status = await statusOf(key); // unknown outcome: ask before the next move
			await pause();
		}
	};
	const reporter = async (key: string) => {
		// Counting on from where the stream is (an earlier run may have reported to it).
		const stream = await fetch(`${base}/api/v1/cutovers/${slug}/transfers/${key}`, { headers });
		let done: number = (await stream.json()).done;
		while (!stopped) {
			done += 1000;
			const answer = await call(`report ${key}`, `/api/v1/cutovers/${slug}/transfers/${key}/progress`, {
				done
			});
			if (answer) outcome.reported.set(key, Math.max(outcome.reported.get(key) ?? 0, done));
			await pause();
		}
	};
	await Promise.all([...tasks.map(mover), ...streams.map(reporter)]);
	return outcome;
}
