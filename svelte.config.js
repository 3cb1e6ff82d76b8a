import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter(),
		// Every page's stylesheets are small (the largest ~5 kB before compression): inlined in a
		// <style> they cost no render-blocking request (Lighthouse, issue 14); SvelteKit adds the
		// style's hash to the CSP below.
		inlineStyleThreshold: 8192,
		typescript: {
			// The benchmark is a plain Node script (npm run bench), checked by running it.
			config: (tsconfig) => {
				tsconfig.exclude = [...(tsconfig.exclude ?? []), '../tests/bench/**'];
			}
		},
		// An LMS posts LTI logins and launches from its own site: the same check as SvelteKit's,
		// with those two addresses let through, is `crossSiteForms` in src/hooks.server.ts.
		csrf: { trustedOrigins: ['*'] },
		csp: {
			// Hashes, not nonces: a page rendered once can be served to many readers unchanged.
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self'],
				// SvelteKit's route announcer sets a style attribute; attributes cannot run script.
				'style-src-attr': ['unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none'],
				'base-uri': ['self'],
				'object-src': ['none']
			}
		}
	}
};

export default config;
