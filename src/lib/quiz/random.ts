/**
 * Deterministic hashing and pseudo-randomness. Quizzes must be reproducible from stored
 * data alone (a question's id, an attempt's seed), so nothing here reads a clock or
 * `Math.random`, and the results are the same in Node and in every browser.
 */

/** cyrb53: a fast 53-bit string hash (public domain), stable across platforms. */
export function hash53(text: string, seed = 0): number {
	let h1 = 0xdeadbeef ^ seed;
	let h2 = 0x41c6ce57 ^ seed;
	for (let i = 0; i < text.length; i++) {
		const ch = text.charCodeAt(i);
		h1 = Math.imul(h1 ^ ch, 2654435761);
		h2 = Math.imul(h2 ^ ch, 1597334677);
	}
	h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
	h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
	h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
	h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
	return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A 14-hex-digit digest of the parts, joined so that ("ab","c") and ("a","bc") differ. */
export function hashHex(...parts: (string | number)[]): string {
	return hash53(parts.join('\u001f')).toString(16).padStart(14, '0');
}

/** A 32-bit unsigned seed derived from text (e.g. an attempt id), for `createAttemptPlan`. */
export function seedFromText(text: string): number {
	return hash53(text) % 4294967296;
}

/** mulberry32: a small seeded PRNG over 32-bit state; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Fisher–Yates shuffle of a copy, driven by `random`. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[out[i], out[j]] = [out[j]!, out[i]!];
	}
	return out;
}
