import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { goliveRealtime } from './src/lib/server/realtime/vite-plugin';
import { serverEntries } from './server-build.js';

export default defineConfig({
	plugins: [sveltekit(), goliveRealtime(), serverEntries()],
	test: {
		expect: { requireAssertions: true },
		// PGlite opens at ~0.7 GB per process: keep the worker count small on a 2-core machine.
		maxWorkers: 2,
		testTimeout: 30_000,
		hookTimeout: 60_000,
		projects: [
			{
				extends: './vite.config.ts',
				test: {
					name: 'server',
					environment: 'node',
					include: [
						'src/**/*.test.ts',
						'scripts/**/*.test.ts',
						'tests/integration/**/*.test.ts',
						'tests/realtime/**/*.test.ts'
					],
					exclude: ['src/**/*.svelte.test.ts']
				}
			},
			{
				// HTTP tests against the production build: `npm test` runs them after `vite build`, one file at a time.
				extends: './vite.config.ts',
				test: {
					name: 'api',
					environment: 'node',
					include: ['tests/api/**/*.test.ts'],
					fileParallelism: false
				}
			}
		]
	}
});
