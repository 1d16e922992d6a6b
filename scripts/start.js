#!/usr/bin/env node
// `npm start`: builds the app when the build is missing or older than the sources, then runs the production
// server. `--demo` also runs the simulator that plays the sample cutover forward.
import { spawnSync } from 'node:child_process';
import { register } from 'tsx/esm/api';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const sources = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'package.json'];

function newest(path) {
	const full = join(root, path);
	if (!existsSync(full)) return 0;
	const stat = statSync(full);
	if (!stat.isDirectory()) return stat.mtimeMs;
	return Math.max(stat.mtimeMs, ...readdirSync(full).map((name) => newest(join(path, name))));
}

const built = join(root, 'build/handler.js');
if (!existsSync(built) || statSync(built).mtimeMs < Math.max(...sources.map(newest))) {
	console.log('Building golive (first start or sources changed)…');
	const result = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build'], {
		cwd: root,
		stdio: 'inherit'
	});
	if (result.status !== 0) process.exit(result.status ?? 1);
}

process.env.NODE_ENV = 'production';
if (process.argv.includes('--demo')) process.env.GOLIVE_DEMO = '1';
// The server entry and the realtime code it loads are TypeScript; tsx compiles them on the fly.
register();
await import(join(root, 'server.ts'));
