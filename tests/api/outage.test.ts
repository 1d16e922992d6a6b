/**
 * A PostgreSQL of the test's own, stopped for 20 s under a running instance and started again: the instance stays
 * up (alive, not ready), refuses writes with 503 and keeps nothing of them, a board open in Chromium says that
 * changes are paused, and everything comes back by itself, without a restart.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../src/lib/server/testing/waiting';
import { TestServer, freePort, launchChromium, openLiveBoard } from './harness';

const OUTAGE_MS = 20_000;
const ADMIN = { username: 'root', password: 'correct horse battery' };

/** The newest PostgreSQL server binaries Debian installed, or null. */
function postgresBin(): string | null {
	const base = '/usr/lib/postgresql';
	if (!existsSync(base)) return null;
	const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
	const bin = versions.map((v) => join(base, v, 'bin')).find((d) => existsSync(join(d, 'initdb')));
	return bin ?? null;
}

/** A cluster in a folder of its own on `port`, run as the postgres user when the test runs as root. */
class PrivatePostgres {
	readonly dir = mkdtempSync(join(tmpdir(), 'golive-private-pg-'));
	constructor(
		private readonly bin: string,
		readonly port: number
	) {}

	#run(tool: string, args: string[]): void {
		const asRoot = process.getuid?.() === 0;
		const command = asRoot ? 'runuser' : join(this.bin, tool);
		const full = asRoot ? ['-u', 'postgres', '--', join(this.bin, tool), ...args] : args;
		const result = spawnSync(command, full, { encoding: 'utf8', timeout: 60_000 });
		if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr}${result.stdout}`);
	}

	init(): void {
		if (process.getuid?.() === 0) {
			spawnSync('chown', ['postgres', this.dir]);
			chmodSync(this.dir, 0o700);
		}
		this.#run('initdb', ['-D', join(this.dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
	}

	start(): void {
		const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dir} -c fsync=off`;
		this.#run('pg_ctl', [
			'-D',
			join(this.dir, 'data'),
			'-o',
			options,
			'-l',
			join(this.dir, 'log'),
			'-w',
			'start'
		]);
	}

	stop(): void {
		this.#run('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
	}

	remove(): void {
		try {
			this.stop();
		} catch {
			// already stopped
		}
		rmSync(this.dir, { recursive: true, force: true });
	}
}

const bin = postgresBin();
if (!bin && process.env.CI === 'true')
	throw new Error('CI runs the outage test: it needs Debian PostgreSQL binaries');

describe.runIf(bin)('a PostgreSQL outage of 20 s', () => {
	let pg: PrivatePostgres;
	const server = new TestServer('golive-outage-');
	let browser: Browser;
	let token = '';

	beforeAll(async () => {
		pg = new PrivatePostgres(bin!, await freePort());
		pg.init();
		pg.start();
		server.env.DATABASE_URL = `postgres://postgres@127.0.0.1:${pg.port}/postgres`;
		await server.addUser({ ...ADMIN, name: 'Root' }, 'admin');
		token = await server.tokenFor('outage', 'admin');
		await server.start();
		const created = await server.call('POST', '/api/v1/cutovers', token, {
			slug: 'weathered',
			name: 'Weathers an outage',
			timezone: 'Europe/Helsinki',
			windowStart: '2026-12-05T18:00:00Z',
			windowEnd: '2026-12-06T06:00:00Z'
		});
		expect(created.status, created.text).toBe(201);
		browser = await launchChromium();
	}, 240_000);

	afterAll(async () => {
		await browser?.close();
		await server.stop();
		pg?.remove();
	}, 60_000);

	it('keeps the instance up, refuses writes with 503, shows the board paused, and recovers by itself', async () => {
		const page = await openLiveBoard(browser, server, ADMIN, 'weathered');
		expect(await page.getByTestId('database-paused').count()).toBe(0);

		pg.stop();
		const stoppedAt = Date.now();
		// The board says so, within the watch's few seconds.
		await page.getByTestId('database-paused').waitFor({ timeout: 10_000 });
		const ready = await fetch(`${server.base}/api/ready`);
		expect(ready.status).toBe(503);
		expect((await fetch(`${server.base}/api/health`)).status).toBe(200);
		const refused = await server.call('POST', '/api/v1/cutovers', token, {
			slug: 'made-in-outage',
			name: 'Sent while the database was away',
			timezone: 'Europe/Helsinki',
			windowStart: '2026-12-05T18:00:00Z',
			windowEnd: '2026-12-06T06:00:00Z'
		});
		expect(refused.status, refused.text).toBe(503);
		expect(refused.body.error).toMatchObject({ code: 'unavailable', reason: 'errors.databaseUnavailable' });
		expect(refused.headers.get('retry-after')).toBe('5');

		await new Promise((r) => setTimeout(r, OUTAGE_MS - (Date.now() - stoppedAt)));
		expect(server.process.exitCode).toBeNull();
		expect(server.process.signalCode).toBeNull();
		pg.start();

		// Back without a restart: ready, writable, and the board no longer paused.
		expect(await eventually(async () => (await fetch(`${server.base}/api/ready`)).ok, 15_000, 250)).toBe(
			true
		);
		await page.getByTestId('database-paused').waitFor({ state: 'detached', timeout: 10_000 });
		expect((await server.call('GET', '/api/v1/cutovers/made-in-outage', token)).status).toBe(404);
		const moved = await server.call('PATCH', '/api/v1/cutovers/weathered', token, {
			name: 'Weathered an outage'
		});
		expect(moved.status, moved.text).toBe(200);
		// The board hears of the change made after the outage.
		await page.getByRole('heading', { name: 'Weathered an outage' }).waitFor({ timeout: 10_000 });
		expect(server.process.exitCode).toBeNull();
		await page.close();
	}, 120_000);
});
