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
