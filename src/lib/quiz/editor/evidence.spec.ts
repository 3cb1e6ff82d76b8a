import { describe, expect, it } from 'vitest';
import { QUOTE_MESSAGES, checkQuote, quoteFromSelection, type ModuleText } from './evidence';

const module: ModuleText = {
	slug: 'the-talks',
	title: 'The talks',
	blocks: [
		{ type: 'paragraph', text: 'Putin told Bush in 2001 that Russia could join NATO.', line: 12 },
		{
			type: 'list',
			line: 14,
			items: [{ label: 'Bush', separator: ' – ', text: 'spoke of a new relationship.', line: 15 }]
		},
		{ type: 'table', line: 17, header: ['Year', 'Event'], rows: [['2008', 'Bucharest summit']] }
	]
};

describe('checking an evidence quote against a module', () => {
	it('finds a verbatim quote and names its line: a paragraph, a list item as written, a table cell', () => {
		expect(checkQuote(module, 'Russia could join NATO')).toEqual({ ok: true, line: 12 });
		expect(checkQuote(module, 'Bush – spoke of')).toEqual({ ok: true, line: 15 });
		expect(checkQuote(module, 'Bucharest summit')).toEqual({ ok: true, line: 19 });
	});

	it('asks for a quote when there is none, and a shorter one when it is too long', () => {
		expect(checkQuote(module, '')).toEqual({ ok: false, message: QUOTE_MESSAGES.missing });
		expect(checkQuote(module, 'x'.repeat(2001))).toEqual({
			ok: false,
			message: QUOTE_MESSAGES.tooLong
		});
	});

	it('points at the line that nearly matches when only capitals, spacing or punctuation differ', () => {
		expect(checkQuote(module, 'russia could  join Nato')).toEqual({
			ok: false,
			message:
				'Line 12 has this passage with different capitals, spacing or punctuation: the quote must match it word for word.'
		});
	});

	it('refuses a quote that runs across two passages', () => {
		expect(checkQuote(module, 'join NATO. Bush – spoke')).toEqual({
			ok: false,
			message: QUOTE_MESSAGES.acrossPassages
		});
	});

	it('says plainly when the text has no such passage', () => {
		expect(checkQuote(module, 'Russia left the UN')).toEqual({
			ok: false,
			message: "The quote must appear word for word in this module's text; it was not found."
		});
	});

	it('collapses the spacing a browser selection carries', () => {
		expect(quoteFromSelection('  Russia could\n join NATO ')).toBe('Russia could join NATO');
	});
});
