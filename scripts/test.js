#!/usr/bin/env node
// `npm test`: every check and test suite, one summary line. Runs the static checks (types, lint, format: one
// test each), vitest (unit, integration on PGlite and PostgreSQL, realtime), builds once, runs the HTTP tests
// against the build (tests/api, when there are any), the Playwright end-to-end tests in Chromium, and a smoke
// run of the benchmark suite. Counts come from the runners' JSON reports, and the last line printed
// is `N passed, N failed` (`, N skipped` when any were skipped). Exits non-zero when anything failed or a runner
// crashed.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureSystemPackages } from './system-packages.js';

const root = new URL('..', import.meta.url).pathname;
const reports = mkdtempSync(join(tmpdir(), 'golive-test-reports-'));
const env = { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' };
const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];

/** How long each stage took, printed before the summary so a slow stage shows in CI's log. */
const stageTimes = [];

function run(label, args, extraEnv = {}) {
	console.log(`\n=== ${label} ===`);
	const started = performance.now();
	const done = (code) => {
		const seconds = (performance.now() - started) / 1000;
		stageTimes.push({ label, seconds });
		console.log(`=== ${label}: ${seconds.toFixed(1)} s ===`);
		return code;
	};
	return new Promise((resolve) => {
		const child = spawn(process.execPath, args, {
			cwd: root,
			env: { ...env, ...extraEnv },
			stdio: 'inherit'
		});
		child.on('error', (err) => {
			console.error(`${label}: could not start: ${err.message}`);
			resolve(done(1));
		});
		child.on('exit', (code, signal) => resolve(done(code ?? (signal ? 1 : 0))));
	});
}

function readJson(file) {
	try {
		return JSON.parse(readFileSync(file, 'utf8'));
	} catch {
		return null;
	}
}

/** Adds a vitest JSON report to the totals; a file that failed to load counts as one failure. */
function countVitest(label, file, code) {
	const report = readJson(file);
	if (!report) return crashed(label, code, 'no report was written');
	let failed = report.numFailedTests ?? 0;
	for (const suite of report.testResults ?? []) {
		const failedTests = (suite.assertionResults ?? []).filter((a) => a.status === 'failed');
		for (const a of failedTests) problems.push(`${label}: ${a.fullName ?? a.title} (${suite.name})`);
		const failedInside = failedTests.length > 0;
		if (suite.status === 'failed' && !failedInside) {
			failed++;
			problems.push(`${label}: ${suite.name} failed to run: ${(suite.message ?? '').split('\n')[0]}`);
		}
	}
	totals.passed += report.numPassedTests ?? 0;
	totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
	totals.failed += failed;
	if (code !== 0 && failed === 0) crashed(label, code, 'it exited with an error although no test failed');
}

/** Adds a Playwright JSON report; errors outside tests (e.g. the web server did not start) count as failures. */
function countPlaywright(label, file, code) {
	const report = readJson(file);
	if (!report) return crashed(label, code, 'no report was written');
	const stats = report.stats ?? {};
	const errors = report.errors ?? [];
	totals.passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
	totals.skipped += stats.skipped ?? 0;
	totals.failed += (stats.unexpected ?? 0) + errors.length;
	for (const e of errors) problems.push(`${label}: ${(e.message ?? String(e)).split('\n')[0]}`);
	const walk = (suite) => {
		for (const spec of suite.specs ?? [])
			if (!spec.ok) problems.push(`${label}: ${spec.title} (${spec.file}:${spec.line})`);
		for (const inner of suite.suites ?? []) walk(inner);
	};
	for (const suite of report.suites ?? []) walk(suite);
	if (code !== 0 && (stats.unexpected ?? 0) + errors.length === 0)
		crashed(label, code, 'it exited with an error although no test failed');
}

/** A runner that died without reporting: counted as one failure so the summary cannot read as green. */
function crashed(label, code, why) {
	totals.failed++;
	problems.push(`${label} crashed (exit code ${code}): ${why}`);
}

const hasTests = (dir) =>
	existsSync(join(root, dir)) &&
	readdirSync(join(root, dir), { recursive: true }).some((f) => String(f).endsWith('.test.ts'));

const vitest = join(root, 'node_modules/vitest/vitest.mjs');

/** A check that is one test: it passes when the command exits 0. */
async function check(label, args) {
	const code = await run(label, args);
	if (code === 0) totals.passed++;
	else {
		totals.failed++;
		problems.push(`${label} failed (exit code ${code})`);
	}
}

// Chromium and HAProxy, installed when missing (the stages that need them fail on their own if that fails).
ensureSystemPackages();

// 0. Static checks: types (after SvelteKit writes its generated types), lint with the layering rules, format.
const syncCode = await run('svelte-kit sync', [
	join(root, 'node_modules/@sveltejs/kit/svelte-kit.js'),
	'sync'
]);
if (syncCode !== 0) crashed('svelte-kit sync', syncCode, 'SvelteKit could not write its generated types');
await check('types (svelte-check)', [
	join(root, 'node_modules/svelte-check/bin/svelte-check'),
	'--tsconfig',
	'./tsconfig.json',
	'--threshold',
	'error',
	'--output',
	'human'
]);
await check('lint (eslint)', [join(root, 'node_modules/eslint/bin/eslint.js'), '.']);
await check('format (prettier)', [join(root, 'node_modules/prettier/bin/prettier.cjs'), '--check', '.']);

// 1. Unit, integration and realtime tests (every vitest project but the HTTP one, which needs the build).
const unitReport = join(reports, 'vitest.json');
const unitCode = await run('vitest', [
	vitest,
	'run',
	'--project=!api',
	'--reporter=default',
	'--reporter=json',
	`--outputFile.json=${unitReport}`
]);
countVitest('vitest', unitReport, unitCode);

// 2. One production build, used by the HTTP and end-to-end tests.
const buildCode = await run('build', [
	join(root, 'node_modules/vite/bin/vite.js'),
	'build',
	'--logLevel',
	'warn'
]);
if (buildCode !== 0) {
	crashed('build', buildCode, 'vite build failed; the API and end-to-end tests did not run');
} else {
	// 3. HTTP tests against the build.
	if (hasTests('tests/api')) {
		const apiReport = join(reports, 'api.json');
		const apiCode = await run('api tests', [
			vitest,
			'run',
			'--project=api',
			'--reporter=default',
			'--reporter=json',
			`--outputFile.json=${apiReport}`
		]);
		countVitest('api tests', apiReport, apiCode);
	}

	// 4. End to end in Chromium, against the build served by scripts/start.js on a free port.
	if (hasTests('tests/e2e')) {
		const e2eReport = join(reports, 'e2e.json');
		const dataDir = mkdtempSync(join(tmpdir(), 'golive-e2e-'));
		const e2eCode = await run(
			'end-to-end (Playwright)',
			[join(root, 'node_modules/@playwright/test/cli.js'), 'test'],
			{
				GOLIVE_E2E_REPORT: e2eReport,
				GOLIVE_E2E_DATA_DIR: dataDir,
				GOLIVE_E2E_PORT: ''
			}
		);
		countPlaywright('end-to-end', e2eReport, e2eCode);
		rmSync(dataDir, { recursive: true, force: true });
	}

	// 5. The benchmark suite, small and short, so it keeps working (timings are judged from `npm run bench`).
	await check('benchmark smoke (npm run bench -- --smoke)', [
		join(root, 'node_modules/tsx/dist/cli.mjs'),
		'scripts/bench/run.ts',
		'--smoke'
	]);
}

rmSync(reports, { recursive: true, force: true });
console.log('\nStages:');
for (const { label, seconds } of stageTimes) console.log(`  ${seconds.toFixed(1).padStart(6)} s  ${label}`);
if (problems.length) {
	console.log('\nProblems:');
	for (const p of problems) console.log(`  - ${p}`);
}
console.log('');
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(totals.failed > 0 ? 1 : 0);
