import type { Article, Section } from '../article/types';
import type { Evidence } from './schema';

/** One unit of a section's text that a quote may fall inside. */
export interface Passage {
	/** Index of the block in `section.blocks`. */
	blockIndex: number;
	/** The source line the passage starts on. */
	line: number;
	text: string;
}

/**
 * A section's text as quotable passages: each paragraph, each list item as the author wrote
 * it (label + separator + text), each table cell (header cells included). A quote must sit
 * inside one passage, so evidence always points at one place a reader can find.
 */
export function sectionPassages(section: Section): Passage[] {
	return section.blocks.flatMap((block, blockIndex): Passage[] => {
		if (block.type === 'paragraph') return [{ blockIndex, line: block.line, text: block.text }];
		if (block.type === 'list') {
			return block.items.map((item) => ({
				blockIndex,
				line: item.line,
				text: item.label ? item.label + (item.separator ?? '') + item.text : item.text
			}));
		}
		// Table rows follow the header and its |---| separator line.
		return [block.header, ...block.rows].flatMap((cells, r) =>
			cells.map((text) => ({ blockIndex, line: block.line + (r === 0 ? 0 : r + 1), text }))
		);
	});
}

export interface EvidenceLocation extends Passage {
	sectionSlug: string;
	sectionTitle: string;
}

/** Finds where an evidence quote stands verbatim, or null when it does not. */
export function locateEvidence(article: Article, evidence: Evidence): EvidenceLocation | null {
	const section = article.sections.find((s) => s.slug === evidence.section);
	if (!section) return null;
	const passage = sectionPassages(section).find((p) => p.text.includes(evidence.quote));
	return passage ? { ...passage, sectionSlug: section.slug, sectionTitle: section.title } : null;
}
