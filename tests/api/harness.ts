/**
 * The production build as the API tests meet it: `node scripts/start.js` (which builds when the build is missing
 * or stale) on a free port with a fresh PGlite folder, and the admin CLI on that folder. Users and tokens are
 * prepared with the CLI before `start()`, since only one process may hold the folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { checkAnswer } from './answer-schema';

const root = resolve(import.meta.dirname, '../..');

export interface CliRun {
	code: number | null;
	stdout: string;
	stderr: string;
}

export const freePort = () =>
	new Promise<number>((done) => {
		const s = createServer().listen(0, '127.0.0.1', () => {
			const { port } = s.address() as { port: number };
			s.close(() => done(port));
		});
	});

/** An API answer: the status and headers, the text, and the body parsed as JSON (null when it is not JSON). */
export interface Answer {
	status: number;
	headers: Headers;
	text: string;
	body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON under test
	/** The body's bytes as they came over the wire (from `raw` only: e.g. still compressed). */
	bytes?: Buffer;
}

export class TestServer {
	readonly dataDir: string;
	readonly env: NodeJS.ProcessEnv;
	/** http://127.0.0.1:<port> once started. */
	base = '';
	process!: ChildProcess;
	log = '';

	constructor(folderPrefix: string) {
		this.dataDir = mkdtempSync(join(tmpdir(), folderPrefix));
		this.env = {
			...process.env,
			DATA_DIR: this.dataDir,
			DATABASE_URL: '',
			GOLIVE_SAMPLE: '0',
			GOLIVE_DEMO: '0',
			HOST: '127.0.0.1',
			GOLIVE_PASSWORD: ''
		};
	}

	/** Runs the admin CLI (`npm run golive -- ...`) against the test's data folder. */
	cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
		return new Promise((done, fail) => {
			const child = spawn(
				process.execPath,
				[join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/golive.ts', ...args],
				{ cwd: root, env: { ...this.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }
			);
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (d) => (stdout += d));
			child.stderr.on('data', (d) => (stderr += d));
			child.on('error', fail);
			child.on('exit', (code) => done({ code, stdout, stderr }));
		});
	}

	/** A local user with a password, made with the CLI. */
	async addUser(user: { username: string; password: string; name?: string }, role: string): Promise<void> {
		const run = await this.cli([
			'user',
			'add',
			'--username',
			user.username,
			'--name',
			user.name ?? user.username,
			'--role',
			role,
			'--password',
			user.password
		]);
		if (run.code !== 0) throw new Error(`user add exited ${run.code}: ${run.stderr}`);
	}

	/** A new API token's secret, made with the CLI. */
	async tokenFor(name: string, role: string): Promise<string> {
		const run = await this.cli(['token', 'create', '--name', name, '--role', role, '--json']);
		if (run.code !== 0) throw new Error(`token create exited ${run.code}: ${run.stderr}`);
		return JSON.parse(run.stdout).token;
	}

	/**
	 * A call with a bearer token, or with a session cookie (a value starting with "golive_session="). The body is
	 * sent as JSON, or as it is (a file) when `contentType` names its type.
	 */
	async call(
		method: string,
		path: string,
		auth?: string,
		json?: unknown,
		contentType?: string
	): Promise<Answer> {
		const headers: Record<string, string> = {};
		if (auth?.startsWith('golive_session=')) headers.cookie = auth;
		else if (auth) headers.authorization = `Bearer ${auth}`;
		if (json !== undefined) headers['content-type'] = contentType ?? 'application/json';
		const res = await fetch(this.base + path, {
			method,
			headers,
			body: json === undefined ? undefined : contentType ? String(json) : JSON.stringify(json)
		});
		const text = await res.text();
		let body = null;
		try {
			body = text ? JSON.parse(text) : null;
		} catch {
			// Not JSON (e.g. a download).
		}
		const answer = { status: res.status, headers: res.headers, text, body };
		checkAnswer(method, path, answer);
		return answer;
	}

	/**
	 * A request sent exactly as given, with node:http: the path as written (not normalised or re-encoded), any
	 * headers, and the body as bytes, with its length or chunked (`chunked: true` sends no content-length). A
	 * connection the server closes before answering resolves with status 0 and the error in `text`.
	 */
	raw(
		method: string,
		path: string,
		options: {
			headers?: Record<string, string>;
			body?: string | Buffer;
			chunked?: boolean;
			timeoutMs?: number;
		} = {}
	): Promise<Answer> {
		const { port, hostname } = new URL(this.base);
		const body = typeof options.body === 'string' ? Buffer.from(options.body) : options.body;
		const headers: Record<string, string | number> = { ...options.headers };
		if (body && !options.chunked) headers['content-length'] = body.length;
		return new Promise((done, fail) => {
			// A connection of its own: one the server closed after a refusal is never reused.
			const req = request({ host: hostname, port, method, path, headers, agent: false }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => {
					const bytes = Buffer.concat(chunks);
					const text = bytes.toString('utf8');
					let parsed = null;
					try {
						parsed = text ? JSON.parse(text) : null;
					} catch {
						// Not JSON: the caller judges.
					}
					const answerHeaders = new Headers();
					for (const [k, v] of Object.entries(res.headers))
						if (v !== undefined) answerHeaders.set(k, Array.isArray(v) ? v.join(', ') : v);
					const answer = { status: res.statusCode ?? 0, headers: answerHeaders, text, body: parsed, bytes };
					// Bytes still compressed are the caller's to judge.
					try {
						if (!answerHeaders.has('content-encoding')) checkAnswer(method, path, answer);
					} catch (err) {
						fail(err);
						return;
					}
					done(answer);
				});
				res.on('error', fail);
			});
			req.setTimeout(options.timeoutMs ?? 30_000, () =>
				req.destroy(new Error(`no answer in time: ${method} ${path}`))
			);
			req.on('error', (err: NodeJS.ErrnoException) => {
				if (err.code === 'ECONNRESET' || err.code === 'EPIPE')
					done({ status: 0, headers: new Headers(), text: err.code, body: null });
				else fail(err);
			});
			if (body && options.chunked) {
				// A few writes, so the server sees a chunked body arrive in pieces.
				const step = Math.max(1, Math.ceil(body.length / 4));
				for (let i = 0; i < body.length; i += step) req.write(body.subarray(i, i + step));
			} else if (body) req.write(body);
			req.end();
		});
	}

	/** Signs in through the login form as a browser would; returns the session cookie to send back. */
	async sessionCookie(username: string, password: string): Promise<string> {
		const res = await fetch(`${this.base}/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: this.base },
			body: new URLSearchParams({ username, password }),
			redirect: 'manual'
		});
		const cookie = res.headers.getSetCookie().find((c) => c.startsWith('golive_session='));
		if (!cookie) throw new Error(`no session cookie (${res.status}): ${await res.text()}`);
		return cookie.split(';')[0];
	}

	/** Starts the server (on `port`, or a free one) and waits until /api/ready says so (or fails with its output). */
	async start(port?: number): Promise<void> {
		port ??= await freePort();
		this.base = `http://127.0.0.1:${port}`;
		const server = spawn(process.execPath, ['scripts/start.js'], {
			cwd: root,
			env: { ...this.env, PORT: String(port) },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		this.process = server;
		server.stdout!.on('data', (d) => (this.log += d));
		server.stderr!.on('data', (d) => (this.log += d));
		const exited = new Promise<never>((_, fail) =>
			server.once('exit', (code) => fail(new Error(`the server exited (${code}):\n${this.log}`)))
		);
		const up = (async () => {
			for (;;) {
				try {
					if ((await fetch(`${this.base}/api/ready`)).ok) return;
				} catch {
					// not listening yet
				}
				await new Promise((r) => setTimeout(r, 250));
			}
		})();
		await Promise.race([up, exited]);
	}

	/** Kills the server if it still runs and removes the folder. */
	async stop(): Promise<void> {
		const server = this.process;
		if (server && server.exitCode === null && server.signalCode === null) {
			server.kill('SIGKILL');
			await new Promise((r) => server.once('exit', r));
		}
		rmSync(this.dataDir, { recursive: true, force: true });
	}
}

/** Debian's Chromium, headless, for the tests that watch a board in a real browser. */
export const launchChromium = (): Promise<Browser> =>
	chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });

/** Signs in through the login form in a new page and opens a cutover's board, once it is live. */
export async function openLiveBoard(
	browser: Browser,
	server: TestServer,
	user: { username: string; password: string },
	slug: string
): Promise<Page> {
	const page = await browser.newPage();
	await page.goto(`${server.base}/login`, { waitUntil: 'networkidle' });
	await page.locator('input[name="username"]').fill(user.username);
	await page.locator('input[name="password"]').fill(user.password);
	await page.getByTestId('login-submit').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/login'));
	await page.goto(`${server.base}/c/${slug}`);
	await page.locator('[data-testid="live-status"][data-state="live"]').waitFor({ timeout: 15_000 });
	return page;
}
