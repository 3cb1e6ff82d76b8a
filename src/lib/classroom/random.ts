/** A source of random bytes: returns `count` bytes, each uniform over 0–255. */
export type RandomBytes = (count: number) => Uint8Array;

/** The platform's cryptographically secure generator (Web Crypto, in Node and browsers). */
export const cryptoRandomBytes: RandomBytes = (count) =>
	globalThis.crypto.getRandomValues(new Uint8Array(count));

// A source that keeps answering with rejected bytes is broken, not unlucky: with the
// alphabets used here a real generator rejects under 2% of bytes, so 1,000 fruitless
// rounds never happen by chance.
const MAX_ROUNDS = 1000;

/**
 * `length` characters drawn uniformly from `alphabet` by rejection sampling: a byte is
 * used only when it falls below the largest multiple of the alphabet's size that fits in
 * 256, so `byte % size` favours no character (plain `byte % size` would).
 */
export function randomString(
	alphabet: string,
	length: number,
	randomBytes: RandomBytes = cryptoRandomBytes
): string {
	const size = alphabet.length;
	if (size < 2 || size > 256) throw new RangeError('an alphabet has 2 to 256 characters');
	const limit = 256 - (256 % size);
	let out = '';
	for (let round = 0; out.length < length; round++) {
		if (round === MAX_ROUNDS) throw new Error('the random source keeps giving unusable bytes');
		for (const byte of randomBytes(length - out.length)) {
			if (byte < limit) out += alphabet[byte % size];
			if (out.length === length) break;
		}
	}
	return out;
}
