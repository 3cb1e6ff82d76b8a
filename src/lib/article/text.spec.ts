import { describe, expect, it } from 'vitest';
import { blocksText, countWords, excerpt, readingMinutes } from './text';
import type { Block } from './types';

describe('blocksText', () => {
	const blocks: Block[] = [
		{ type: 'paragraph', text: 'First “paragraph”.', line: 1 },
		{
			type: 'list',
			items: [
				{ label: 'Label', separator: ' – ', text: 'dash item', line: 2 },
				{ label: 'Owner', separator: ': ', text: 'colon item', line: 3 },
				{ text: 'plain item', line: 4 }
			],
			line: 2
		},
		{
			type: 'table',
			header: ['H1', 'H2'],
			rows: [
				['a', ''],
				['b', 'c']
			],
			line: 5
		}
	];

	it('joins paragraphs, list items and table cells in order', () => {
		expect(blocksText(blocks)).toBe(
			'First “paragraph”. Label – dash item Owner: colon item plain item H1 H2 a  b c'
		);
	});

	it('rebuilds a labelled list item exactly as the author wrote it', () => {
		expect(blocksText([blocks[1]!])).toContain('Label – dash item');
		expect(blocksText([blocks[1]!])).toContain('Owner: colon item');
	});

	it('is empty for no blocks', () => {
		expect(blocksText([])).toBe('');
	});
});

describe('excerpt', () => {
	it('returns short text whole, with whitespace collapsed', () => {
		expect(excerpt('  A short\n\tdescription.  ')).toBe('A short description.');
	});

	it('keeps text of exactly the limit whole', () => {
		const text = 'x'.repeat(155);
		expect(excerpt(text)).toBe(text);
	});

	it('cuts long text on a word boundary, adds an ellipsis, and stays within the limit', () => {
		const text = 'Newly released declassified records illuminate private discussions '.repeat(5);
		const result = excerpt(text);
		expect(result.length).toBeLessThanOrEqual(155);
		expect(result.endsWith('…')).toBe(true);
		const kept = result.slice(0, -1);
		const clean = text.replace(/\s+/g, ' ').trim();
		expect(clean.startsWith(kept)).toBe(true);
		expect(clean[kept.length]).toBe(' ');
	});

	it('drops trailing punctuation before the ellipsis', () => {
		const text = 'one two three four, ' + 'five '.repeat(40);
		expect(excerpt(text, 22)).toBe('one two three four…');
	});

	it('honours a custom limit', () => {
		const result = excerpt('alpha beta gamma delta epsilon zeta eta theta', 20);
		expect(result).toBe('alpha beta gamma…');
		expect(result.length).toBeLessThanOrEqual(20);
	});

	it('still cuts a single overlong word so the result fits', () => {
		const result = excerpt('y'.repeat(400));
		expect(result.length).toBeLessThanOrEqual(155);
		expect(result.endsWith('…')).toBe(true);
	});
});

describe('countWords', () => {
	it('counts the words of paragraphs, list items with their labels, and table cells', () => {
		const blocks: Block[] = [
			{ type: 'paragraph', text: 'Tea  came  west.', line: 1 },
			{
				type: 'list',
				items: [{ label: 'Note', separator: ': ', text: 'by sea', line: 2 }],
				line: 2
			},
			{ type: 'table', header: ['Year', 'Port'], rows: [['1610', 'Amsterdam']], line: 3 }
		];
		expect(countWords(blocks)).toBe(3 + 3 + 4);
	});

	it('is 0 for no text', () => {
		expect(countWords([])).toBe(0);
	});
});

describe('readingMinutes', () => {
	it('reads 200 words a minute, rounded', () => {
		expect(readingMinutes(400)).toBe(2);
		expect(readingMinutes(699)).toBe(3);
	});

	it('is never less than one minute', () => {
		expect(readingMinutes(0)).toBe(1);
		expect(readingMinutes(99)).toBe(1);
	});
});
