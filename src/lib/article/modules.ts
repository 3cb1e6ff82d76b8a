import type { SectionKind } from './types';

/**
 * What counts as a module, everywhere Lectern counts: the lesson sections. The "Reader
 * questions" section is the discussion's, "Further reading and sources" the references: neither
 * is reading to check, so module numbers, reading progress, assignments and the gradebook all
 * leave them out.
 */
export function isLessonModule(section: { kind: SectionKind }): boolean {
	return section.kind === 'lesson';
}

/** The sections that count as modules, in article order. */
export function lessonModules<S extends { kind: SectionKind }>(sections: readonly S[]): S[] {
	return sections.filter(isLessonModule);
}

/**
 * "Module `number` of `total`" for a section, counting lesson modules only; null for a section
 * that is not one (it is shown unnumbered) or that the article does not have.
 */
export function modulePosition<S extends { slug: string; kind: SectionKind }>(
	sections: readonly S[],
	slug: string
): { number: number; total: number } | null {
	const modules = lessonModules(sections);
	const index = modules.findIndex((s) => s.slug === slug);
	return index < 0 ? null : { number: index + 1, total: modules.length };
}

export interface ReadingProgress<S> {
	/** How many modules the reader has read. */
	read: number;
	/** How many modules there are. */
	total: number;
	/** The first module not read yet, or null when every one is. */
	next: S | null;
	/** Reading time of the modules, in minutes. */
	minutes: number;
}

/** A reader's progress through an article's modules, counted as the gradebook counts it. */
export function readingProgress<S extends { id: string; kind: SectionKind; minutes: number }>(
	sections: readonly S[],
	readIds: ReadonlySet<string>
): ReadingProgress<S> {
	const modules = lessonModules(sections);
	return {
		read: modules.filter((s) => readIds.has(s.id)).length,
		total: modules.length,
		next: modules.find((s) => !readIds.has(s.id)) ?? null,
		minutes: modules.reduce((sum, s) => sum + s.minutes, 0)
	};
}

/** Each lesson module's number (from 1) by section id; other sections have none. */
export function lessonNumbers<S extends { id: string; kind: SectionKind }>(
	sections: readonly S[]
): Map<string, number> {
	return new Map(lessonModules(sections).map((s, i) => [s.id, i + 1]));
}
