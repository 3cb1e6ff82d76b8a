import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	MAX_NAME_LENGTH,
	MAX_ROSTER_NAMES,
	ONE_TIME_PASSWORD_ALPHABET,
	ONE_TIME_PASSWORD_BITS,
	generateOneTimePassword,
	makeUsername,
	parseRosterNames,
	planStudentAccounts,
	rosterNamesSchema
} from './index';

const naughtyStrings: string[] = JSON.parse(
	readFileSync(new URL('../../../tests/fixtures/data/blns.json', import.meta.url), 'utf8')
);

describe('parseRosterNames', () => {
	it('reads one name a line, trimmed, skipping blank lines, whatever the line endings', () => {
		expect(parseRosterNames('  Zoë O’Neil \r\n\r\nAmir Haddad\n   \nLi Wei\rAna Souza\n')).toEqual({
			ok: true,
			names: ['Zoë O’Neil', 'Amir Haddad', 'Li Wei', 'Ana Souza']
		});
	});

	it('makes tabs and runs of spaces inside a name one space, as pasted from a spreadsheet', () => {
		expect(parseRosterNames('Amir\tHaddad\nLi    Wei')).toEqual({
			ok: true,
			names: ['Amir Haddad', 'Li Wei']
		});
	});

	it('keeps two students with the same name: usernames tell them apart', () => {
		expect(parseRosterNames('Alex Kim\nAlex Kim')).toEqual({
			ok: true,
			names: ['Alex Kim', 'Alex Kim']
		});
	});

	it(`takes a name of ${MAX_NAME_LENGTH} characters and names the line of a longer one`, () => {
		const text = ['Amir Haddad', '', 'x'.repeat(80), 'y'.repeat(93)].join('\n');
		expect(parseRosterNames(text)).toEqual({
			ok: false,
			errors: ['Line 4: a name can have at most 80 characters (this one has 93)']
		});
	});

	it('reports every bad line, not only the first', () => {
		const text = ['y'.repeat(81), 'Amir', 'Li\u0000Wei'].join('\n');
		expect(parseRosterNames(text)).toEqual({
			ok: false,
			errors: [
				'Line 1: a name can have at most 80 characters (this one has 81)',
				'Line 3: the name contains characters that are not text'
			]
		});
	});

	it(`takes ${MAX_ROSTER_NAMES} names and refuses ${MAX_ROSTER_NAMES + 1}`, () => {
		const names = (n: number) => Array.from({ length: n }, (_, i) => `Student ${i + 1}`);
		expect(parseRosterNames(names(200).join('\n')).ok).toBe(true);
		expect(parseRosterNames(names(201).join('\n'))).toEqual({
			ok: false,
			errors: ['The list has 201 names; add at most 200 at a time']
		});
	});

	it('asks for at least one name when the list is empty', () => {
		expect(parseRosterNames(' \n\n ')).toEqual({
			ok: false,
			errors: ['Enter at least one name, one per line']
		});
	});
});

describe('rosterNamesSchema', () => {
	it('gives the names of a good list', () => {
		expect(rosterNamesSchema.parse('Amir Haddad\nLi Wei')).toEqual(['Amir Haddad', 'Li Wei']);
	});

	it('gives one issue per problem, each naming its line', () => {
		const issues = rosterNamesSchema.safeParse('Amir\n' + 'x'.repeat(81)).error?.issues;
		expect(issues?.map((i) => i.message)).toEqual([
			'Line 2: a name can have at most 80 characters (this one has 81)'
		]);
	});

	it('refuses an enormous paste before reading it', () => {
		expect(rosterNamesSchema.safeParse('x'.repeat(50_001)).error?.issues[0]?.message).toBe(
			'The list is too long; add at most 200 names at a time'
		);
	});
});

describe('makeUsername', () => {
	const none = new Set<string>();

	it('makes lower-case ASCII from the name, accents and apostrophes gone, words joined by dots', () => {
		expect(makeUsername('Zoë O’Neil', none)).toBe('zoe.oneil');
		expect(makeUsername("D'Arcy Smith", none)).toBe('darcy.smith');
		expect(makeUsername('José María  Núñez', none)).toBe('jose.maria.nunez');
		expect(makeUsername('Mary-Jane Watson', none)).toBe('mary.jane.watson');
	});

	it('spells letters that carry no separate accent the usual way', () => {
		expect(makeUsername('Søren Kierkegård', none)).toBe('soren.kierkegard');
		expect(makeUsername('Łukasz Żółć', none)).toBe('lukasz.zolc');
		expect(makeUsername('Gauß Æsir', none)).toBe('gauss.aesir');
	});

	it('adds a number when the username is taken', () => {
		expect(makeUsername('Zoë O’Neil', new Set(['zoe.oneil']))).toBe('zoe.oneil2');
		expect(makeUsername('Zoë O’Neil', new Set(['zoe.oneil', 'zoe.oneil2']))).toBe('zoe.oneil3');
	});

	it('falls back to "student" for a name with no Latin letters or digits', () => {
		expect(makeUsername('李雷', none)).toBe('student');
		expect(makeUsername('Иван', new Set(['student']))).toBe('student2');
	});

	it('keeps to 30 characters, cutting at a word', () => {
		expect(makeUsername('Maximilian Alexander Konstantin Featherstonehaugh', none)).toBe(
			'maximilian.alexander'
		);
		expect(makeUsername('Wolfeschlegelsteinhausenbergerdorff Jr', none)).toBe(
			'wolfeschlegelsteinhausenberger'
		);
	});

	it('makes a safe username from every string in the Big List of Naughty Strings', () => {
		for (const name of naughtyStrings) {
			expect(makeUsername(name, none), name).toMatch(/^[a-z0-9]+(\.[a-z0-9]+)*$/);
			expect(makeUsername(name, none).length, name).toBeLessThanOrEqual(30);
		}
	});
});

describe('generateOneTimePassword', () => {
	const char = `[${ONE_TIME_PASSWORD_ALPHABET}]`;
	const shape = new RegExp(`^${char}{4}-${char}{4}-${char}{4}-${char}{4}$`);

	it('gives four dash-separated groups of four characters without look-alikes', () => {
		for (let i = 0; i < 50; i++) expect(generateOneTimePassword()).toMatch(shape);
		expect(ONE_TIME_PASSWORD_ALPHABET).not.toMatch(/[0o1il25sz8bgqv7]/);
	});

	it('carries at least 60 bits of entropy and 15 characters', () => {
		expect(ONE_TIME_PASSWORD_BITS).toBeCloseTo(16 * Math.log2(21), 10);
		expect(ONE_TIME_PASSWORD_BITS).toBeGreaterThanOrEqual(60);
		expect(generateOneTimePassword().length).toBeGreaterThanOrEqual(15);
	});

	it('uses the random source it is given', () => {
		const bytes = Uint8Array.from({ length: 16 }, (_, i) => i);
		expect(generateOneTimePassword(() => bytes)).toBe('acde-fhjk-mnpr-tuwx');
	});
});

describe('planStudentAccounts', () => {
	it('gives each name a username unique against the school and the rest of the list', () => {
		const accounts = planStudentAccounts(
			['Alex Kim', 'Alex Kim', 'Zoë O’Neil'],
			new Set(['alex.kim'])
		);
		expect(accounts.map((a) => [a.displayName, a.username])).toEqual([
			['Alex Kim', 'alex.kim2'],
			['Alex Kim', 'alex.kim3'],
			['Zoë O’Neil', 'zoe.oneil']
		]);
	});

	it('gives each account its own one-time password', () => {
		const accounts = planStudentAccounts(['A', 'B', 'C'], new Set());
		expect(new Set(accounts.map((a) => a.oneTimePassword)).size).toBe(3);
	});

	it('pairs passwords drawn beforehand with the names, in order', () => {
		const accounts = planStudentAccounts(['A', 'B'], new Set(), ['pw-a', 'pw-b']);
		expect(accounts.map((a) => [a.username, a.oneTimePassword])).toEqual([
			['a', 'pw-a'],
			['b', 'pw-b']
		]);
		expect(() => planStudentAccounts(['A', 'B'], new Set(), ['pw-a'])).toThrow(RangeError);
	});

	it('keeps the usernames a roster file gives, and makes the others round them', () => {
		const accounts = planStudentAccounts(
			[
				{ name: 'Alex Kim' },
				{ name: 'Sam Roe', username: 'alex.kim' },
				{ name: 'Alex Kim', username: null }
			],
			new Set(['alex.kim2']),
			['a', 'b', 'c']
		);
		expect(accounts).toEqual([
			{ displayName: 'Alex Kim', username: 'alex.kim3', oneTimePassword: 'a' },
			{ displayName: 'Sam Roe', username: 'alex.kim', oneTimePassword: 'b' },
			{ displayName: 'Alex Kim', username: 'alex.kim4', oneTimePassword: 'c' }
		]);
	});
});
