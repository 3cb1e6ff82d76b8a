import type { Block } from './types';

/** Plain text of a section's blocks, in order (for descriptions and search). */
export function blocksText(blocks: Block[]): string {
	return blocks
		.map((b) => {
			if (b.type === 'paragraph') return b.text;
			if (b.type === 'list')
				return b.items.map((i) => (i.label ? i.label + i.separator : '') + i.text).join(' ');
			return [b.header, ...b.rows].map((r) => r.join(' ')).join(' ');
		})
		.join(' ');
}

/** A meta-description-sized excerpt that ends on a word boundary. */
export function excerpt(text: string, max = 155): string {
	const clean = text.replace(/\s+/g, ' ').trim();
	if (clean.length <= max) return clean;
	const cut = clean.slice(0, max - 1);
	return cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).replace(/[\s,;:.–-]+$/, '') + '…';
}

/** Where a quotation stands in a section: the first block, item or cell that holds it. */
export interface QuoteLocation {
	block: number;
	/** The list item holding it. */
	item?: number;
	/** The table cell holding it: row -1 is the header. */
	row?: number;
	cell?: number;
}

export function locateQuote(blocks: Block[], quote: string): QuoteLocation | undefined {
	if (!quote) return undefined;
	for (const [i, b] of blocks.entries()) {
		if (b.type === 'paragraph' && b.text.includes(quote)) return { block: i };
		if (b.type === 'list') {
			const item = b.items.findIndex((it) =>
				((it.label ?? '') + (it.separator ?? '') + it.text).includes(quote)
			);
			if (item >= 0) return { block: i, item };
		}
		if (b.type === 'table') {
			for (const [r, row] of [b.header, ...b.rows].entries()) {
				const cell = row.findIndex((c) => c.includes(quote));
				if (cell >= 0) return { block: i, row: r - 1, cell };
			}
		}
	}
	return undefined;
}

/** Splits `text` around the first occurrence of `quote`, for wrapping it in `<mark>`. */
export function splitAtQuote(
	text: string,
	quote: string | undefined
): { before: string; marked: string; after: string } | undefined {
	if (!quote) return undefined;
	const at = text.indexOf(quote);
	if (at < 0) return undefined;
	return { before: text.slice(0, at), marked: quote, after: text.slice(at + quote.length) };
}

/** How many words a section's blocks hold: paragraphs, list items and table cells. */
export function countWords(blocks: Block[]): number {
	let text = '';
	for (const b of blocks) {
		if (b.type === 'paragraph') text += ' ' + b.text;
		if (b.type === 'list') for (const i of b.items) text += ` ${i.label ?? ''} ${i.text}`;
		if (b.type === 'table') text += ' ' + [b.header, ...b.rows].flat().join(' ');
	}
	return text.split(/\s+/).filter(Boolean).length;
}

/** Reading time at 200 words a minute, never less than one minute. */
export function readingMinutes(words: number): number {
	return Math.max(1, Math.round(words / 200));
}
