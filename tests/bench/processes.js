// Peak resident memory of a process tree, per process: the `npm start` supervisor and each
// worker it forked (its children, from /proc/<pid>/task/*/children), sampled every 100 ms.
import { readFileSync, readdirSync } from 'node:fs';

/** @param {number} pid @returns {number} resident kB, 0 when the process is gone */
function rssKb(pid) {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
	} catch {
		return 0;
	}
}

/** @param {number} pid @returns {number[]} */
export function childrenOf(pid) {
	try {
		return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
			readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8')
				.split(/\s+/)
				.filter(Boolean)
				.map(Number)
		);
	} catch {
		return [];
	}
}

const mb = (/** @type {number} */ kb) => Math.round(kb / 1024);

/**
 * @typedef {{ supervisorMb: number, workers: { pid: number, peakMb: number }[], peakWorkerMb: number }} MemoryPeaks
 */

/**
 * Samples the supervisor `pid` and its children until stop(). peaks() is the peak of each
 * since the last reset() (workers that came and went included).
 * @param {number} pid
 */
export function watchMemory(pid) {
	let supervisorKb = 0;
	/** @type {Map<number, number>} */
	const workerKb = new Map();
	const sample = () => {
		supervisorKb = Math.max(supervisorKb, rssKb(pid));
		for (const child of childrenOf(pid)) {
			const kb = rssKb(child);
			if (kb) workerKb.set(child, Math.max(workerKb.get(child) ?? 0, kb));
		}
	};
	const timer = setInterval(sample, 100);
	return {
		sample,
		reset() {
			supervisorKb = 0;
			workerKb.clear();
			sample();
		},
		/** @returns {MemoryPeaks} */
		peaks() {
			sample();
			const workers = [...workerKb].map(([p, kb]) => ({ pid: p, peakMb: mb(kb) }));
			return {
				supervisorMb: mb(supervisorKb),
				workers,
				peakWorkerMb: Math.max(0, ...workers.map((w) => w.peakMb))
			};
		},
		stop() {
			clearInterval(timer);
		}
	};
}

/** @param {number} pid @returns {number} CPU time used so far, in clock ticks (user + system) */
function cpuTicks(pid) {
	try {
		// The fields after the command name (which may hold spaces) in /proc/<pid>/stat.
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return Number(fields[11]) + Number(fields[12]);
	} catch {
		return 0;
	}
}

/**
 * Waits until the supervisor's workers are idle (under a tenth of a core over 300 ms), so a
 * scenario does not start behind the requests the previous one left queued when its client
 * stopped. Gives up after `timeoutMs`; returns how long it waited.
 * @param {number} pid the supervisor
 * @param {number} [timeoutMs]
 */
export async function settle(pid, timeoutMs = 30_000) {
	const began = performance.now();
	const total = () => childrenOf(pid).reduce((sum, child) => sum + cpuTicks(child), 0);
	while (performance.now() - began < timeoutMs) {
		const before = total();
		await new Promise((r) => setTimeout(r, 300));
		// Clock ticks are hundredths of a second: 3 ticks in 300 ms is a tenth of a core.
		if (total() - before <= 3) break;
	}
	return Math.round(performance.now() - began);
}
