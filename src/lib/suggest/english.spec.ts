import { describe, expect, it } from 'vitest';
import { indefiniteArticle, isAttributed, trimAtWord, withoutFinalStop } from './english';

describe('indefiniteArticle', () => {
	it.each([
		['apple', 'an'],
		['bridge', 'a'],
		['hour', 'an'],
		['honest', 'an'],
		['union', 'a'],
		['euro', 'a'],
		['one-off', 'a'],
		['MP', 'an'],
		['NATO', 'a'],
		['FBI', 'an'],
		['8', 'an'],
		['“unusual', 'an']
	])('"%s" takes "%s"', (word, article) => {
		expect(indefiniteArticle(word)).toBe(article);
	});
});

describe('trimAtWord', () => {
	it('leaves short text alone', () => {
		expect(trimAtWord('A short sentence.', 40)).toBe('A short sentence.');
	});

	it('cuts at a word boundary and marks the cut', () => {
		const cut = trimAtWord('The council voted to approve the tram line on Tuesday', 30);
		expect(cut).toBe('The council voted to approve…');
		expect(cut.length).toBeLessThanOrEqual(30);
	});
});

describe('withoutFinalStop', () => {
	it('drops a final stop so the sentence can sit inside a question', () => {
		expect(withoutFinalStop('It rained.')).toBe('It rained');
		expect(withoutFinalStop('Did it rain?')).toBe('Did it rain?');
	});
});

describe('isAttributed', () => {
	it('accepts the attributed phrasings and refuses a bare claim', () => {
		expect(isAttributed('According to the article, what number fills the gap?')).toBe(true);
		expect(isAttributed('Who does the article quote as saying “x”?')).toBe(true);
		expect(isAttributed('Which source does the article give for the claim that x?')).toBe(true);
		expect(isAttributed('What is the capital of Portugal?')).toBe(false);
	});
});
