import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

const frameworkFree = {
	group: ['$app/*', '$env/*', '$lib', '$lib/*'],
	message:
		'server code is framework-free: use relative imports (the realtime server loads it outside SvelteKit)'
};
const servicesOnly = {
	group: ['**/*.queries', '**/db/client', '**/db/schema', '**/db/schema/*', 'drizzle-orm*'],
	message: 'routes and socket handlers call services, never queries or the database'
};

const areaBoundary = {
	group: ['../*/*.queries'],
	message:
		"an area reaches another through that area's service or its *.tx module, never its queries (src/lib/server/<area>/)"
};

/** The layering rules of the architecture, enforced: what may import what. */
const layers = {
	shared: {
		files: ['src/lib/shared/**'],
		patterns: [
			{
				group: ['$lib/server/*', '$lib/client/*', '**/server/**', '**/client/**'],
				message: 'shared code is isomorphic and imports nothing of ours outside shared'
			},
			{
				group: ['$app/*', '$env/*', 'node:*', 'drizzle-orm*', 'postgres', 'socket.io'],
				message: 'shared code has no I/O and no framework imports'
			}
		]
	},
	server: {
		files: ['src/lib/server/**'],
		ignores: ['src/lib/server/realtime/**', '**/*.test.ts'],
		patterns: [frameworkFree, areaBoundary]
	},
	serverTests: {
		files: ['src/lib/server/**/*.test.ts'],
		patterns: [frameworkFree]
	},
	realtime: {
		files: ['src/lib/server/realtime/**'],
		patterns: [frameworkFree, servicesOnly]
	},
	routes: {
		files: ['src/routes/**'],
		patterns: [servicesOnly]
	},
	components: {
		files: ['src/lib/components/**'],
		patterns: [
			{
				group: ['socket.io-client', '$lib/client/socket', '$lib/server/*'],
				message: 'components get data through props and context; they never open sockets or reach the server'
			}
		]
	}
};

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'drizzle/',
			'test-results/',
			'playwright-report/',
			'data/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'no-undef': 'off',
			// Links are plain paths: golive is served at the root (no paths.base), so resolve() would add nothing.
			'svelte/no-navigation-without-resolve': 'off',
			// The live store keeps reactivity per task cell on purpose; its Maps (cells, buffers, caches) are plain.
			'svelte/prefer-svelte-reactivity': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
		}
	},
	{
		files: ['**/*.ts', '**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }]
		}
	},
	...Object.values(layers).map(({ files, ignores, patterns }) => ({
		files,
		ignores: ignores ?? [],
		rules: { 'no-restricted-imports': ['error', { patterns }] }
	})),
	{
		files: ['src/lib/components/**'],
		rules: {
			'no-restricted-globals': [
				'error',
				{ name: 'fetch', message: 'components get data through props and context' }
			]
		}
	}
);
