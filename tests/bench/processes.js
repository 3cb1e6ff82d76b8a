import { createServer } from 'node:net';
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

/**
 * What a process has done so far: CPU clock ticks (user + system, all threads), write
 * system calls, and whether it is waiting on the disk now (state D: blocked in an fsync).
 * @param {number} pid
 */
function activity(pid) {
	try {
		// The fields after the command name (which may hold spaces) in /proc/<pid>/stat.
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const io = readFileSync(`/proc/${pid}/io`, 'utf8');
		return {
			ticks: Number(fields[11]) + Number(fields[12]),
			writes: Number(/syscw:\s+(\d+)/.exec(io)?.[1] ?? 0),
			onDisk: fields[0] === 'D'
		};
	} catch {
		return { ticks: 0, writes: 0, onDisk: false };
	}
}

/**
 * Waits until the supervisor's workers are quiet (under a tenth of a core, no writes, none
 * blocked on the disk, over two windows of 300 ms in a row), so a scenario does not start
 * behind the requests the previous one left queued when its client stopped: a worker whose
 * submissions wait on fsync is idle to the CPU but not done. Gives up after `timeoutMs`;
 * returns how long it waited.
 * @param {number} pid the supervisor
 * @param {number} [timeoutMs]
 */
export async function settle(pid, timeoutMs = 30_000) {
	const began = performance.now();
	const sum = () =>
		childrenOf(pid)
			.map(activity)
			.reduce(
				(a, b) => ({
					ticks: a.ticks + b.ticks,
					writes: a.writes + b.writes,
					onDisk: a.onDisk || b.onDisk
				}),
				{ ticks: 0, writes: 0, onDisk: false }
			);
	let quiet = 0;
	while (quiet < 2 && performance.now() - began < timeoutMs) {
		const before = sum();
		await new Promise((r) => setTimeout(r, 300));
		const after = sum();
		// Clock ticks are hundredths of a second: 3 ticks in 300 ms is a tenth of a core.
		const still =
			after.ticks - before.ticks <= 3 &&
			after.writes === before.writes &&
			!before.onDisk &&
			!after.onDisk;
		quiet = still ? quiet + 1 : 0;
	}
	return Math.round(performance.now() - began);
}

/** A port nobody holds on 127.0.0.1 now. @returns {Promise<number>} */
export const freePort = () =>
	new Promise((resolve) => {
		const s = createServer().listen(0, '127.0.0.1', () => {
			const address = s.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			s.close(() => resolve(port));
		});
	});
