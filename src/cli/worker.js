// A worker of `npm start` (src/cli/start.js): adapter-node's server (build/index.js: its port,
// host, socket activation, timeouts and graceful shutdown, all as the adapter documents them),
// with one thing first. Each request is offered to the app's early answers (module pages kept
// in memory as the app last sent them: src/lib/server/early-answers.ts) before it reaches
// SvelteKit; what they do not answer goes on as if they were not there.
import http from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const entry = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'build', 'index.js');
const EARLY_ANSWERS = Symbol.for('lectern.early-answers');

/**
 * The adapter makes its one server with http.createServer() as it loads: that one call, and no
 * other, returns a server whose requests are offered to the early answers first. (The app's
 * hooks set them up as the adapter's handler starts, before the server listens.)
 * @param {import('node:http').Server} server
 */
function answerEarly(server) {
	const emit = server.emit;
	/** @param {string | symbol} event @param {any[]} args */
	const offered = function (event, ...args) {
		if (event !== 'request') return emit.apply(server, /** @type {any} */ ([event, ...args]));
		/** @type {[import('node:http').IncomingMessage, import('node:http').ServerResponse]} */
		const [request, response] = [args[0], args[1]];
		const toApp = () => emit.apply(server, /** @type {any} */ (['request', request, response]));
		/** @param {unknown} error */
		const failed = (error) => {
			console.error('Lectern: an early answer failed; the app answers instead', error);
			if (response.headersSent) response.destroy();
			else toApp();
		};
		const early = /** @type {Record<symbol, any>} */ (globalThis)[EARLY_ANSWERS];
		try {
			const answered = early?.answer(request, response);
			if (answered === true) return true;
			if (!answered) return toApp();
			// A signed-in reader's page: the database is asked first.
			answered
				.then((/** @type {boolean} */ done) => done || toApp(), failed)
				.catch((/** @type {unknown} */ error) => console.error('Lectern: a request failed', error));
		} catch (error) {
			failed(error);
		}
		return true;
	};
	server.emit = /** @type {typeof server.emit} */ (offered);
	return server;
}

const createServer = http.createServer;
/** @type {any} */ (http).createServer = (/** @type {any[]} */ ...args) => {
	http.createServer = createServer;
	return answerEarly(createServer(...args));
};
await import(entry);
