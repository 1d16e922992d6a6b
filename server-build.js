/**
 * How the custom server gets into the build. `vite build` compiles server.ts and the forecast worker as extra
 * entries of SvelteKit's server build, so they share its chunks: the server and SvelteKit's hooks and routes
 * import the same app.ts, one module graph in one process. adapter-node then bundles that output into build/,
 * production dependencies left external; the wrapper below has it bundle golive's entry as build/index.js in
 * place of its own http server, so that entry and SvelteKit's handler (build/handler.js) share every chunk too.
 * `npm start` (scripts/start.js) runs build/index.js: plain JavaScript, no TypeScript loader.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The extra entries of SvelteKit's server build, by output name (`.svelte-kit/output/server/<name>.js`). */
const ENTRIES = {
	server: 'server.ts',
	// An entry, so the worker's module lands in a small chunk of its own (the worker thread starts from that
	// chunk, found by its import.meta.url), not in one of the server's big ones.
	'forecast-worker': 'src/lib/server/forecast/forecast.worker.ts'
};

/**
 * Vite plugin: adds the entries to SvelteKit's server build (not to its client build, which Kit starts as a
 * second Vite build with the same plugins).
 * @returns {import('vite').Plugin}
 */
export function serverEntries() {
	let ssr = false;
	return {
		name: 'golive-server-entries',
		apply: 'build',
		configResolved(config) {
			ssr = Boolean(config.build.ssr);
		},
		options(options) {
			if (!ssr) return null;
			const input = /** @type {Record<string, string>} */ (options.input);
			for (const [name, file] of Object.entries(ENTRIES)) input[name] = resolve(root, file);
			return options;
		}
	};
}

/**
 * build/index.js: starts server.ts, then has it load SvelteKit's handler (after server.ts has set adapter-node's
 * environment, which the handler reads as it loads) and listen.
 * @param {string} server Kit's server output directory
 */
const entry = (server) => `// golive's production entry (see server-build.js).
import { serve } from ${JSON.stringify(`${server}/server.js`)};

await serve(() => import('./handler.js'));
`;

/**
 * adapter-node, bundling golive's entry in place of its own `index.js` (a polka server without sockets).
 * adapter-node copies its entry files into a folder and bundles them from there; the builder handed to it
 * replaces `index.js` once copied. If a later adapter-node no longer copies it, the build fails here.
 * @param {import('@sveltejs/kit').Adapter} adapter
 * @returns {import('@sveltejs/kit').Adapter}
 */
export function withGoliveServer(adapter) {
	return {
		...adapter,
		async adapt(builder) {
			let replaced = false;
			await adapter.adapt({
				...builder,
				copy(from, to, options) {
					const copied = builder.copy(from, to, options);
					// Paths relative to `to`: adapter-node's entry files, copied where it bundles them from.
					if (copied.includes('index.js') && copied.includes('handler.js')) {
						writeFileSync(join(to, 'index.js'), entry(builder.getServerDirectory()));
						replaced = true;
					}
					return copied;
				}
			});
			if (!replaced)
				throw new Error(`${adapter.name} did not copy its entry: golive's server is not in the build`);
		}
	};
}
