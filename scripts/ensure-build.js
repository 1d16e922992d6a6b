// Builds golive (`vite build`) when build/ is missing or older than its sources: for `npm start` and the bench.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const sources = [
	'src',
	'static',
	'server.ts',
	'server-build.js',
	'svelte.config.js',
	'vite.config.ts',
	'package.json'
];

/** The build's entry: the compiled server.ts (see server-build.js). */
export const builtEntry = join(root, 'build/index.js');

/** @param {string} path @returns {number} */
function newest(path) {
	const full = join(root, path);
	if (!existsSync(full)) return 0;
	const stat = statSync(full);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return Math.max(stat.mtimeMs, ...readdirSync(full).map((name) => newest(join(path, name))));
}

export function ensureBuild() {
	if (existsSync(builtEntry) && statSync(builtEntry).mtimeMs >= Math.max(...sources.map(newest))) return;
	const vite = join(root, 'node_modules/vite/bin/vite.js');
	if (!existsSync(vite)) {
		console.error('golive needs a build, and building needs the dev dependencies: run `npm install`.');
		process.exit(1);
	}
	// The build's own report (a line per file) is for `npm run build`; here it is shown only when the build fails.
	console.log('Building golive (first start, or the sources changed): this takes about a minute…');
	const started = Date.now();
	const result = spawnSync(process.execPath, [vite, 'build'], {
		cwd: root,
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
		env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' }
	});
	if (result.status !== 0) {
		process.stdout.write(result.stdout ?? '');
		process.stderr.write(result.stderr ?? '');
		console.error(
			`The build failed (${result.error?.message ?? `exit code ${result.status}`}); its output is above.`
		);
		process.exit(result.status ?? 1);
	}
	console.log(`Built in ${Math.round((Date.now() - started) / 1000)} s.`);
}
