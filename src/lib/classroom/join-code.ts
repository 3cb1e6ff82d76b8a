import { z } from 'zod';
import { randomString, type RandomBytes } from './random';

/**
 * The characters a join code is made of: upper-case letters and digits with every
 * look-alike pair removed, so a code read off a projector or a handout cannot be misread
 * as another valid code. Left out: 0 O Q (round shapes), 1 I L 7 (strokes), 2 Z, 5 S, 8 B,
 * G (like 6 and C), V (like U and Y). Any misread character is then outside the alphabet
 * and the code is rejected, never matched to another class.
 */
export const JOIN_CODE_ALPHABET = 'ACDEFHJKMNPRTUWXY3469';

export const JOIN_CODE_LENGTH = 8;

/** A new class join code: 8 characters, uniform over the alphabet (21⁸ ≈ 3.8 × 10¹⁰ codes). */
export function generateJoinCode(randomBytes?: RandomBytes): string {
	return randomString(JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, randomBytes);
}

/** What a person typed, as a code: trimmed, upper-case, spaces and dashes dropped. */
export function normalizeJoinCode(input: string): string {
	return input
		.trim()
		.toUpperCase()
		.replace(/[\s\-‐‑‒–—]+/g, '');
}

/** A code split in two halves for reading aloud or printing: `ACDE-FHJK`. */
export function formatJoinCode(code: string): string {
	return `${code.slice(0, 4)}-${code.slice(4)}`;
}

const joinCodePattern = new RegExp(`^[${JOIN_CODE_ALPHABET}]*$`);

/** Parses a typed join code into its normal form, with a message a student can act on. */
export const joinCodeSchema = z
	.string({ error: 'Enter the join code your teacher gave you' })
	.max(64, 'A join code has 8 characters')
	.transform(normalizeJoinCode)
	.pipe(
		z
			.string()
			.min(1, 'Enter the join code your teacher gave you')
			.length(JOIN_CODE_LENGTH, 'A join code has 8 characters')
			.regex(
				joinCodePattern,
				'That is not a join code: check for letters such as O or I, which codes never use'
			)
	);
