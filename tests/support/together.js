// Runs npm scripts side by side (the type check and the lint use one core each) and fails with
// the first that fails, after all have finished, each one's output kept together.
import { spawn } from 'node:child_process';

const scripts = process.argv.slice(2);
const runs = scripts.map(
	(name) =>
		new Promise((resolve) => {
			const child = spawn('npm', ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'] });
			let out = '';
			child.stdout.on('data', (d) => (out += d));
			child.stderr.on('data', (d) => (out += d));
			child.on('close', (code) => resolve({ name, code: code ?? 1, out }));
		})
);
let failed = 0;
for (const { name, code, out } of await Promise.all(runs)) {
	process.stdout.write(`\n> ${name}${code === 0 ? '' : ` (failed: exit ${code})`}\n${out}`);
	if (code !== 0) failed = code;
}
process.exit(failed);
