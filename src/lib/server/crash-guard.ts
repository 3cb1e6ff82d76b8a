import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';

/** Logs an unexpected error once, with an id a person can quote; answers the id. */
export function logUnexpected(context: string, error: unknown): string {
	const id = randomUUID();
	console.error(`[${id}] ${context}`, error);
	return id;
}

/** How long a retiring process may take to finish its requests before it exits anyway. */
const RETIRE_MS = 10_000;
let installed = false;

/**
 * The last line of defence, installed once the server has started (a failed start-up still
 * ends the process, so a supervisor sees it).
 *
 * A request's errors are promise rejections: SvelteKit turns them into error pages, and one
 * that escapes anyway (a rejection nobody awaits) is logged with an id and the server serves
 * on — nothing half-done is left behind by a rejected promise. An uncaught exception is
 * different: it was thrown outside any request (an event emitter, a timer), and Node's own
 * advice is that the process's state can no longer be trusted. It is logged with an id and
 * the process retires gracefully: under `npm start` it asks its supervisor for a replacement
 * first, then finishes the requests it holds (adapter-node's SIGTERM shutdown) and exits.
 */
export function installCrashGuards(): void {
	if (installed) return;
	installed = true;
	process.on('unhandledRejection', (reason) => {
		logUnexpected('unhandled rejection; serving on', reason);
	});
	process.on('uncaughtException', (error, origin) => {
		logUnexpected(`${origin}; retiring this process`, error);
		retire();
	});
	if (cluster.isWorker) {
		// The channel to the supervisor would keep a worker alive after its server has closed.
		(process as NodeJS.EventEmitter).once('sveltekit:shutdown', () => process.disconnect?.());
	}
}

let retiring = false;
function retire(): void {
	if (retiring) return;
	retiring = true;
	process.exitCode = 70;
	process.send?.({ lectern: 'retiring' });
	setTimeout(() => process.exit(70), RETIRE_MS).unref();
	process.kill(process.pid, 'SIGTERM');
}
