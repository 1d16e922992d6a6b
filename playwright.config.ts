/**
 * End-to-end tests in Debian's Chromium against the production build (`node scripts/start.js`) on a free port,
 * with a fresh PGlite data folder and the sample cutover. `npm test` builds first; run alone, start.js builds
 * when the build is missing or stale.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

// The config is evaluated again in each worker: keep the port and folder chosen once, in the environment.
process.env.GOLIVE_E2E_PORT ||= execFileSync(process.execPath, [
	'-e',
	"const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })"
])
	.toString()
	.trim();
if (!process.env.GOLIVE_E2E_DATA_DIR) {
	// Run on its own (not from `npm test`, which brings and removes its own): remove the folder when done.
	const dir = (process.env.GOLIVE_E2E_DATA_DIR = mkdtempSync(join(tmpdir(), 'golive-e2e-')));
	process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
}
const port = Number(process.env.GOLIVE_E2E_PORT);
// No ORIGIN, like a first `npm start`: the app must work on plain http without one. (The web server inherits
// this process's environment.)
delete process.env.ORIGIN;
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
	testDir: 'tests/e2e',
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
			VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true'
		}
	}
});
