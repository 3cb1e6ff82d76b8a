// Summarises a V8 CPU profile (`node --cpu-prof` writes one per process at exit): the frames
// that spent the most samples in their own code (self time), each with its function, file and
// line, and its share of the samples. Usable on its own:
//
//   node tests/bench/profile.js <file.cpuprofile> [--top N]
//
// The bench calls summariseProfile with a window (from/to, in the profile's own clock:
// microseconds of CLOCK_MONOTONIC, the clock of process.hrtime in any process on the same
// machine) so that the server's start-up does not count, only the load it was under.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * @typedef {{ functionName: string, url: string, lineNumber: number, columnNumber: number }} CallFrame
 * @typedef {{ id: number, callFrame: CallFrame }} ProfileNode
 * @typedef {{ nodes: ProfileNode[], startTime: number, endTime: number, samples: number[], timeDeltas: number[] }} CpuProfile
 * @typedef {{ functionName: string, url: string, line: number | null, where: string, samples: number, pct: number, pctOfBusy: number }} Frame
 * @typedef {{ samples: number, busySamples: number, idlePct: number, windowMs: number, top: Frame[] }} ProfileSummary
 */

/** Frames V8 adds for time outside JavaScript functions. */
const IDLE = '(idle)';

/** @param {string} url */
function shortUrl(url) {
	if (!url.startsWith('file://')) return url;
	const path = fileURLToPath(url);
	const rel = relative(root, path);
	return rel.startsWith('..') ? path : rel;
}

/**
 * The frames with the most self samples, merged by function, file and line (one function
 * appears at many places in the call tree). `pct` is the share of all samples in the window,
 * `pctOfBusy` the share of the samples in which the process was not idle.
 * @param {CpuProfile} profile
 * @param {{ top?: number, from?: number, to?: number }} [options] from/to: the window, in the profile's clock (µs)
 * @returns {ProfileSummary}
 */
export function summariseProfile(profile, { top = 5, from = -Infinity, to = Infinity } = {}) {
	/** @type {Map<number, CallFrame>} */
	const frameOf = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
	/** @type {Map<string, { frame: CallFrame, samples: number }>} */
	const byFrame = new Map();
	let time = profile.startTime;
	let first = Infinity;
	let last = -Infinity;
	let samples = 0;
	let idle = 0;
	for (let i = 0; i < profile.samples.length; i++) {
		time += profile.timeDeltas[i] ?? 0;
		if (time < from || time > to) continue;
		first = Math.min(first, time);
		last = Math.max(last, time);
		const frame = frameOf.get(profile.samples[i]);
		if (!frame) continue;
		samples++;
		if (frame.functionName === IDLE) {
			idle++;
			continue;
		}
		const key = `${frame.functionName}\u0000${frame.url}\u0000${frame.lineNumber}`;
		const entry = byFrame.get(key);
		if (entry) entry.samples++;
		else byFrame.set(key, { frame, samples: 1 });
	}
	const busy = samples - idle;
	const share = (/** @type {number} */ n, /** @type {number} */ of) =>
		of ? Math.round((n / of) * 1000) / 10 : 0;
	const frames = [...byFrame.values()]
		.sort((a, b) => b.samples - a.samples)
		.slice(0, top)
		.map(({ frame, samples: n }) => {
			const url = shortUrl(frame.url);
			// V8 counts lines from 0; editors and stack traces from 1.
			const line = frame.lineNumber >= 0 ? frame.lineNumber + 1 : null;
			return {
				functionName: frame.functionName || '(anonymous)',
				url,
				line,
				where: url ? `${url}${line === null ? '' : `:${line}`}` : '(native)',
				samples: n,
				pct: share(n, samples),
				pctOfBusy: share(n, busy)
			};
		});
	return {
		samples,
		busySamples: busy,
		idlePct: share(idle, samples),
		windowMs: samples ? Math.round((last - first) / 1000) : 0,
		top: frames
	};
}

/** @param {string} file @param {{ top?: number, from?: number, to?: number }} [options] */
export function summariseProfileFile(file, options) {
	return summariseProfile(JSON.parse(readFileSync(file, 'utf8')), options);
}

/**
 * The summary as lines of text, one per frame.
 * @param {ProfileSummary} summary
 */
export function formatProfile(summary) {
	const lines = [
		`${summary.samples} samples over ${(summary.windowMs / 1000).toFixed(1)} s, ${summary.idlePct}% idle; top ${summary.top.length} frames by self time:`
	];
	summary.top.forEach((f, i) =>
		lines.push(
			`  ${i + 1}. ${f.functionName}  ${f.where}  ${f.pct}% of samples (${f.pctOfBusy}% of busy)`
		)
	);
	return lines.join('\n');
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
	/** @type {string[]} */
	const files = [];
	let top = 5;
	const args = process.argv.slice(2);
	for (let i = 0; i < args.length; i++) {
		if (args[i] === '--top') top = Number(args[++i]);
		else files.push(args[i]);
	}
	if (!files.length || !Number.isInteger(top) || top < 1) {
		console.error('usage: node tests/bench/profile.js <file.cpuprofile> [--top N]');
		process.exit(2);
	}
	for (const file of files) {
		console.log(file);
		console.log(formatProfile(summariseProfileFile(file, { top })));
	}
}
