import { z } from 'zod';
import { JOIN_CODE_ALPHABET } from './join-code';
import { randomString, type RandomBytes } from './random';

export const MAX_ROSTER_NAMES = 200;
export const MAX_NAME_LENGTH = 80;

export type RosterResult = { ok: true; names: string[] } | { ok: false; errors: string[] };

/**
 * The student names in a pasted list: one per line (LF, CRLF or CR), each trimmed, with runs
 * of white space inside a name made one space (a list pasted from a spreadsheet has
 * tabs between first and last name). Blank lines are skipped. Every problem is reported,
 * each naming its line as the teacher sees it, blank lines included in the count.
 */
export function parseRosterNames(text: string): RosterResult {
	const names: string[] = [];
	const errors: string[] = [];
	text.split(/\r\n|\r|\n/).forEach((raw, index) => {
		const name = raw.trim().replace(/\s+/g, ' ');
		if (name === '') return;
		const line = index + 1;
		if (/\p{Cc}/u.test(name)) {
			errors.push(`Line ${line}: the name contains characters that are not text`);
		} else if (name.length > MAX_NAME_LENGTH) {
			errors.push(
				`Line ${line}: a name can have at most ${MAX_NAME_LENGTH} characters (this one has ${name.length})`
			);
		}
		names.push(name);
	});
	if (names.length === 0) errors.unshift('Enter at least one name, one per line');
	if (names.length > MAX_ROSTER_NAMES) {
		errors.unshift(`The list has ${names.length} names; add at most ${MAX_ROSTER_NAMES} at a time`);
	}
	return errors.length > 0 ? { ok: false, errors } : { ok: true, names };
}

/** The roster textarea, parsed: its output is the list of names; each problem is one issue. */
export const rosterNamesSchema = z
	.string({ error: 'Enter at least one name, one per line' })
	// Generous for 200 names of 80 characters with blank lines and stray spaces around them.
	.max(50_000, `The list is too long; add at most ${MAX_ROSTER_NAMES} names at a time`)
	.transform((text, ctx) => {
		const result = parseRosterNames(text);
		if (result.ok) return result.names;
		for (const message of result.errors) ctx.addIssue({ code: 'custom', message });
		return z.NEVER;
	});

// Letters that Unicode does not decompose into a base letter and an accent.
const TRANSLITERATIONS: Record<string, string> = {
	ß: 'ss',
	æ: 'ae',
	œ: 'oe',
	ø: 'o',
	ł: 'l',
	đ: 'd',
	ð: 'd',
	þ: 'th',
	ı: 'i'
};

const MAX_USERNAME_BASE = 30;

/**
 * A username made from a person's name: lower-case ASCII, accents stripped, apostrophes
 * dropped, words joined by dots ("Zoë O’Neil" → "zoe.oneil"), cut to 30 characters at a
 * word. When it is taken, a number is added: "zoe.oneil2", "zoe.oneil3"… A name with no
 * Latin letters or digits becomes "student", "student2"… `taken` holds the usernames in
 * use, in lower case; it is only read.
 */
export function makeUsername(name: string, taken: { has(username: string): boolean }): string {
	const words = name
		.normalize('NFKD')
		.replace(/\p{M}+/gu, '')
		.toLowerCase()
		.replace(/[ßæœøłđðþı]/g, (letter) => TRANSLITERATIONS[letter] ?? letter)
		.replace(/['’‘ʼ`]/g, '')
		.split(/[^a-z0-9]+/)
		.filter(Boolean);
	let base = '';
	for (const word of words) {
		const next = base ? `${base}.${word}` : word;
		if (next.length > MAX_USERNAME_BASE) break;
		base = next;
	}
	if (!base) base = words[0]?.slice(0, MAX_USERNAME_BASE) || 'student';
	let username = base;
	for (let n = 2; taken.has(username); n++) username = `${base}${n}`;
	return username;
}

/**
 * The characters of a one-time password: the join-code alphabet in lower case, so it can be
 * copied from a printed slip without look-alikes and typed on a phone without the shift key.
 */
export const ONE_TIME_PASSWORD_ALPHABET = JOIN_CODE_ALPHABET.toLowerCase();

const OTP_GROUPS = 4;
const OTP_GROUP_LENGTH = 4;

/** Bits of entropy in a one-time password: 16 × log2(21) ≈ 70.3. */
export const ONE_TIME_PASSWORD_BITS =
	OTP_GROUPS * OTP_GROUP_LENGTH * Math.log2(ONE_TIME_PASSWORD_ALPHABET.length);

/**
 * A first password for a student account a teacher creates: 16 random characters in four
 * dash-separated groups (`k4md-x3ta-9fph-wc6n`), 19 characters in all, so it also meets
 * NIST SP 800-63B's 15-character minimum for a password used alone. The dashes are part of
 * the password.
 */
export function generateOneTimePassword(randomBytes?: RandomBytes): string {
	const chars = randomString(
		ONE_TIME_PASSWORD_ALPHABET,
		OTP_GROUPS * OTP_GROUP_LENGTH,
		randomBytes
	);
	return chars.match(new RegExp(`.{${OTP_GROUP_LENGTH}}`, 'g'))!.join('-');
}

/** A student account to create from a roster line. */
export interface PlannedStudent {
	displayName: string;
	username: string;
	oneTimePassword: string;
}

/**
 * Accounts for a parsed roster: a unique username per name (unique against `taken` and
 * against each other) and a one-time password each. The passwords may be drawn beforehand
 * (their slow hashing happens before the usernames are chosen), one per name, in order.
 */
export function planStudentAccounts(
	names: readonly (string | RosterStudent)[],
	taken: { has(username: string): boolean },
	passwords: readonly string[] = names.map(() => generateOneTimePassword())
): PlannedStudent[] {
	if (passwords.length !== names.length) throw new RangeError('one password per name');
	const students = names.map((s) => (typeof s === 'string' ? { name: s } : s));
	// The usernames a roster file asks for are claimed first: the made ones go round them.
	const claimed = new Set(students.flatMap((s) => (s.username ? [s.username] : [])));
	const isTaken = { has: (username: string) => claimed.has(username) || taken.has(username) };
	return students.map(({ name: displayName, username: asked }, i) => {
		const username = asked || makeUsername(displayName, isTaken);
		claimed.add(username);
		return { displayName, username, oneTimePassword: passwords[i]! };
	});
}

/** A student to add: a name, and the username a roster file gives, if any. */
export interface RosterStudent {
	name: string;
	username?: string | null;
}
