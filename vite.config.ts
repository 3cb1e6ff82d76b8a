import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

/** Specs that replace a module (vi.mock) or set process-wide settings: each in a fresh worker. */
const NEEDS_ISOLATION = [
	'tests/integration/bulk-add.spec.ts',
	'tests/integration/password-reset.spec.ts'
];

export default defineConfig({
	plugins: [sveltekit()],
	server: { port: 5173 },
	test: {
		environment: 'node',
		testTimeout: 30000,
		// Vitest's default is one worker fewer than the cores: one on the 2-core machines the suite
		// runs on. The specs wait on servers, databases and child processes as much as they compute,
		// so two workers finish the stage in ~3.5 min instead of ~4.5 (measured with `npx vitest run`).
		maxWorkers: 2,
		// Unit and integration specs share their worker's module cache (isolate: false): importing
		// the app's modules once per worker instead of once per file halves the suite's time. Each
		// spec keeps its own database and servers; the few that replace modules run isolated.
		projects: [
			{
				extends: true,
				test: { name: 'unit', include: ['src/**/*.spec.ts'], isolate: false }
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.spec.ts'],
					exclude: NEEDS_ISOLATION,
					isolate: false
				}
			},
			{
				extends: true,
				test: { name: 'isolated', include: NEEDS_ISOLATION }
			}
		]
	}
});
