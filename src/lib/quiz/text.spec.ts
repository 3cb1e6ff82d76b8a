import { describe, expect, it } from 'vitest';
import { answersMatch, normalizeAnswer, parseNumber } from './text';

describe('normalizeAnswer', () => {
	it('folds case, accents, punctuation and runs of spaces', () => {
		expect(normalizeAnswer('  Pâté   de  CAMPAGNE! ')).toBe('pate de campagne');
	});

	it('treats curly and straight quotes alike, and joins words across apostrophes and dots', () => {
		expect(normalizeAnswer('Putin’s “U.S.” policy')).toBe(normalizeAnswer('Putin\'s "US" policy'));
	});

	it('turns dashes, including non-breaking hyphens, into spaces', () => {
		expect(normalizeAnswer('air‑defense–shield')).toBe('air defense shield');
	});
});

describe('answersMatch', () => {
	it.each([
		['the new york times', 'The New York Times'],
		['The New‑York Times.', 'The New York Times'],
		['  PSYCHOLOGY ', 'psychology'],
		['Putin’s', "Putin's"],
		['airdefense', 'air defense'],
		['Ｔｈｅ Ｉｎｔｅｒｃｅｐｔ', 'The Intercept']
	])('accepts %j for %j', (given, accepted) => {
		expect(answersMatch(given, accepted)).toBe(true);
	});

	it('rejects a different answer', () => {
		expect(answersMatch('The Guardian', 'The Intercept')).toBe(false);
	});

	it('never matches an answer with nothing to compare', () => {
		expect(answersMatch('?!', '…')).toBe(false);
	});
});

describe('parseNumber', () => {
	it.each([
		['30', [30]],
		['30 %', [30]],
		['30%', [30]],
		['30.0', [30]],
		['30,5', [30.5]],
		['-4', [-4]],
		['−4', [-4]],
		['.5', [0.5]],
		['€12 billion', [12]],
		['about 6 years', [6]],
		['1 000', [1000]],
		['1,000,000', [1000000]],
		['1.234,5', [1234.5]],
		['1,234.5', [1234.5]],
		['１２', [12]]
	])('reads %j as %j', (text, values) => {
		expect(parseNumber(text)).toEqual(values);
	});

	it('returns both readings of a number whose comma could be a decimal mark or a thousands separator', () => {
		expect(parseNumber('1,250')).toEqual([1250, 1.25]);
	});

	it.each(['', 'six', '2001-2008', '30 or 40', '1,2,3'])('finds no single number in %j', (text) => {
		expect(parseNumber(text)).toBeNull();
	});
});
