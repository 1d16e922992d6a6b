/**
 * End-to-end tests in Debian's Chromium against the production build (`node scripts/start.js`) on a free port,
 * with a fresh PGlite data folder and the sample cutover, mailing subscribers through a real SMTP server on
 * another free port (tests/e2e/smtp-server.ts). `npm test` builds first; run alone, start.js builds when the build
 * is missing or stale.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

/** Free ports of 127.0.0.1, chosen at once so that they differ. */
const freePorts = (count: number): string[] =>
	execFileSync(process.execPath, [
		'-e',
		`const net = require('net');
		const servers = Array.from({ length: ${count} }, () => net.createServer());
		Promise.all(servers.map((s) => new Promise((ok) => s.listen(0, '127.0.0.1', ok)))).then(() => {
			console.log(servers.map((s) => s.address().port).join(' '));
			servers.forEach((s) => s.close());
		});`
	])
		.toString()
		.trim()
		.split(' ');

// The config is evaluated again in each worker: keep the ports and folders chosen once, in the environment.
if (!process.env.GOLIVE_E2E_PORT || !process.env.GOLIVE_E2E_SMTP_PORT) {
	const [web, smtp] = freePorts(2);
	process.env.GOLIVE_E2E_PORT ||= web;
	process.env.GOLIVE_E2E_SMTP_PORT ||= smtp;
}
if (!process.env.GOLIVE_E2E_DATA_DIR) {
	// Run on its own (not from `npm test`, which brings and removes its own): remove the folder when done.
	const dir = (process.env.GOLIVE_E2E_DATA_DIR = mkdtempSync(join(tmpdir(), 'golive-e2e-')));
	process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
}
// Where the SMTP server of the global setup leaves each mail the web server sends, for the tests to read.
if (!process.env.GOLIVE_E2E_MAIL_DIR) {
	const dir = (process.env.GOLIVE_E2E_MAIL_DIR = mkdtempSync(join(tmpdir(), 'golive-e2e-mail-')));
	process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
}
const port = Number(process.env.GOLIVE_E2E_PORT);
// No ORIGIN, like a first `npm start`: the app must work on plain http without one. (The web server inherits
// this process's environment.)
delete process.env.ORIGIN;
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
	testDir: 'tests/e2e',
	// The SMTP server subscribers' mail goes to (GOLIVE_SMTP_URL below); it stops when the run ends.
	globalSetup: './tests/e2e/smtp-server.ts',
	testMatch: '**/*.test.ts',
	// One server, one database: tests share it, so they run one at a time in a known order.
	workers: 1,
	fullyParallel: false,
	forbidOnly: process.env.CI === 'true',
	retries: 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: [
		['list'],
		['json', { outputFile: process.env.GOLIVE_E2E_REPORT ?? 'test-results/e2e-report.json' }]
	],
	use: {
		baseURL,
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		}
	},
	projects: [
		{ name: 'setup', testMatch: 'setup.test.ts' },
		{ name: 'chromium', testIgnore: 'setup.test.ts', dependencies: ['setup'] }
	],
	webServer: {
		command: 'node scripts/start.js',
		url: `${baseURL}/api/ready`,
		reuseExistingServer: false,
		timeout: 240_000,
		stdout: 'pipe',
		stderr: 'pipe',
		env: {
			PORT: String(port),
			HOST: '127.0.0.1',
			DATA_DIR: process.env.GOLIVE_E2E_DATA_DIR,
			DATABASE_URL: '',
			GOLIVE_SAMPLE: '1',
			GOLIVE_DEMO: '0',
			GOLIVE_SMTP_URL: `smtp://127.0.0.1:${process.env.GOLIVE_E2E_SMTP_PORT}`,
			// The links in mails lead back to this server.
			GOLIVE_PUBLIC_URL: baseURL,
			VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true'
		}
	}
});
