import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{ languageOptions: { globals: { ...globals.browser, ...globals.node } } },
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		rules: {
			// Lectern is served from the site root (no `paths.base`), so plain hrefs are right.
			'svelte/no-navigation-without-resolve': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			]
		}
	},
	{
		// On request input these throw (`%`, `%ZZ`): decodeComponent in src/lib/url.ts answers null.
		files: ['src/**'],
		rules: {
			'no-restricted-globals': [
				'error',
				...['decodeURIComponent', 'decodeURI'].map((name) => ({
					name,
					message: 'It throws on malformed input: use decodeComponent from $lib/url.'
				}))
			]
		}
	},
	{
		ignores: [
			'build/',
			'tests/.tmp/',
			'.svelte-kit/',
			'node_modules/',
			'drizzle/',
			'test-results/',
			'playwright-report/',
			'data/'
		]
	}
);
