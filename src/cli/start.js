// `npm start`: build when the sources are newer than the build, then serve the app.
// The server's own start-up (src/hooks.server.ts) applies migrations, imports the bundled
// articles and creates the first admin on a new database.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const entry = join(root, 'build', 'index.js');

/** @param {string} path @returns {number} */
function newestChange(path) {
	const info = statSync(path);
	if (!info.isDirectory()) return info.mtimeMs;
	let newest = info.mtimeMs;
	for (const name of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, name)));
	return newest;
}

const inputs = ['src', 'static', 'drizzle', 'svelte.config.js', 'vite.config.ts', 'package.json'];
const needsBuild =
	!existsSync(entry) ||
	Math.max(
		...inputs
			.map((p) => join(root, p))
			.filter(existsSync)
			.map(newestChange)
	) > statSync(entry).mtimeMs;

if (needsBuild) {
	console.log('Lectern: building for production…');
	const result = spawnSync(
		process.execPath,
		[join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'],
		{
			cwd: root,
			stdio: 'inherit',
			// Whatever the caller's NODE_ENV (a test runner sets "test"), this is a production build.
			env: { ...process.env, NODE_ENV: 'production' }
		}
	);
	if (result.status !== 0) process.exit(result.status ?? 1);
}

process.env.PORT ||= '3000';
// adapter-node assumes https unless ORIGIN says otherwise; without it form posts get 403.
process.env.ORIGIN ||= `http://localhost:${process.env.PORT}`;
process.env.BODY_SIZE_LIMIT ||= '1M';
console.log(`Lectern: serving on ${process.env.ORIGIN}`);
await import(pathToFileURL(entry).href);
