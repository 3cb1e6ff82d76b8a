// Runs npm scripts side by side and fails with the first that failed, after all have finished.
// Each one's output is kept together and shown as soon as it ends (the type check and the lint
// end within a minute; the unit and integration specs take minutes).
//
// `npm test` builds the app before this stage: left to the integration specs, the build ran beside
// the type check, and `vite build` rewrites .svelte-kit's generated route types while svelte-check
// reads them (a run failed so, on types it had just checked clean).
//
// `npm test` runs the type check, the lint and the unit and integration specs together: the
// check and the lint use one core each for under a minute, then one ends before the other and
// its core would sit idle until the specs began (~10 s of a core, measured with vmstat).
import { spawn } from 'node:child_process';

const scripts = process.argv.slice(2);
let failed = 0;
await Promise.all(
	scripts.map(
		(name) =>
			new Promise((resolve) => {
				const began = Date.now();
				const child = spawn('npm', ['run', '--silent', name], {
					stdio: ['ignore', 'pipe', 'pipe']
				});
				let out = '';
				child.stdout.on('data', (d) => (out += d));
				child.stderr.on('data', (d) => (out += d));
				child.on('close', (code) => {
					const status = code ?? 1;
					const seconds = Math.round((Date.now() - began) / 1000);
					const how = status === 0 ? `${seconds} s` : `failed: exit ${status}, ${seconds} s`;
					process.stdout.write(`\n> ${name} (${how})\n${out}`);
					if (status !== 0) failed = status;
					resolve(undefined);
				});
			})
	)
);
process.exit(failed);
