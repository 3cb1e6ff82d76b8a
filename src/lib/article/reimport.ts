/**
 * What a re-import does to the sections an article already has: which stored section each
 * incoming one becomes (so ids, and the progress and threads that hang on them, survive),
 * which are new, which changed, and which vanish (archived, never deleted). Pure: the importer
 * applies it, the preview shows it, and both read the same answer.
 */
import type { Block, Section } from './types';

export interface StoredSection {
	id: string;
	slug: string;
	title: string;
	blocks: unknown;
	archivedAt: Date | null;
}

export type SectionChange = 'added' | 'changed' | 'unchanged' | 'restored';

export interface SectionMatch {
	section: Section;
	/** The stored section it becomes, or null for a new one. */
	storedId: string | null;
	change: SectionChange;
}

export interface SectionPlan {
	matches: SectionMatch[];
	/** Live stored sections the new text no longer has. */
	archived: StoredSection[];
}

/**
 * Matches by slug, then by title, live sections before archived ones (a section that comes
 * back gets its old id). A section has `changed` when its title or its text differs — not when
 * it merely moved down the file (source line numbers are not its text).
 */
export function matchSections(
	stored: readonly StoredSection[],
	incoming: readonly Section[]
): SectionPlan {
	const unclaimed = new Map(stored.map((s) => [s.id, s]));
	const claim = (pick: (s: StoredSection) => boolean) => {
		const found = [...unclaimed.values()].find(pick);
		if (found) unclaimed.delete(found.id);
		return found;
	};
	const matches = incoming.map((section): SectionMatch => {
		const match =
			claim((s) => s.slug === section.slug && !s.archivedAt) ??
			claim((s) => s.title === section.title && !s.archivedAt) ??
			claim((s) => s.slug === section.slug) ??
			claim((s) => s.title === section.title);
		if (!match) return { section, storedId: null, change: 'added' };
		const same = match.title === section.title && sameText(match.blocks as Block[], section.blocks);
		return {
			section,
			storedId: match.id,
			change: match.archivedAt ? 'restored' : same ? 'unchanged' : 'changed'
		};
	});
	return { matches, archived: [...unclaimed.values()].filter((s) => !s.archivedAt) };
}

/** The blocks' text, without the source lines they stood on. */
export function blockText(blocks: readonly Block[]): string {
	return JSON.stringify(
		blocks.map((b) =>
			b.type === 'paragraph'
				? ['p', b.text]
				: b.type === 'list'
					? ['l', b.items.map((i) => [i.label ?? '', i.separator ?? '', i.text])]
					: ['t', b.header, b.rows]
		)
	);
}

function sameText(a: readonly Block[], b: readonly Block[]): boolean {
	return Array.isArray(a) && blockText(a) === blockText(b);
}
