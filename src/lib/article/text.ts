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
