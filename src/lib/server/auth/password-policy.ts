import { z } from 'zod';
import commonList from './data/common-passwords-10k.txt?raw';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

const common = new Set(
	commonList
		.split('\n')
		.map((line) => line.replace(/\r$/, '').trim().toLowerCase())
		.filter(Boolean)
);

/** Length in characters as a person counts them (code points), not UTF-16 units. */
const length = (value: string) => [...value.normalize('NFKC')].length;

/**
 * NIST SP 800-63B: 8 to 256 characters, any Unicode and spaces, no composition rules, never
 * truncated, and not one of the 10,000 most common passwords.
 */
export const newPasswordSchema = z
	.string({ error: 'Choose a password.' })
	.refine((v) => length(v) >= PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
	.refine((v) => length(v) <= PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`)
	.refine(
		(v) => !common.has(v.normalize('NFKC').toLowerCase()),
		'This password is one of the most common ones; choose something less guessable.'
	);

export function isCommonPassword(password: string): boolean {
	return common.has(password.normalize('NFKC').toLowerCase());
}
