import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveAssignedSections } from '../classroom/schemas';
import {
	isLessonModule,
	lessonModules,
	lessonNumbers,
	modulePosition,
	readingProgress
} from './modules';
import { parseArticle } from './parse';
import type { SectionKind } from './types';

const seed = parseArticle(
	readFileSync(
		new URL(
			'../../content/articles/declassified-putin-bush-talks-surface-tensions-over-nato-ukraine.txt',
			import.meta.url
		),
		'utf8'
	)
);

const section = (slug: string, kind: SectionKind = 'lesson', minutes = 1) => ({
	id: `id-${slug}`,
	slug,
	kind,
	minutes
});
const sections = [
	section('introduction', 'lesson', 2),
	section('reader-questions', 'prompts', 1),
	section('further-reading', 'sources', 1),
	section('background', 'lesson', 3),
	section('the-talks', 'lesson', 4)
];

describe('a module that counts', () => {
	it('is a lesson section, never the reader questions or the sources', () => {
		expect(isLessonModule({ kind: 'lesson' })).toBe(true);
		expect(isLessonModule({ kind: 'prompts' })).toBe(false);
		expect(isLessonModule({ kind: 'sources' })).toBe(false);
		expect(lessonModules(sections).map((s) => s.slug)).toEqual([
			'introduction',
			'background',
			'the-talks'
		]);
	});

	it('numbers lesson modules among themselves, and leaves the other sections unnumbered', () => {
		expect(modulePosition(sections, 'introduction')).toEqual({ number: 1, total: 3 });
		expect(modulePosition(sections, 'background')).toEqual({ number: 2, total: 3 });
		expect(modulePosition(sections, 'the-talks')).toEqual({ number: 3, total: 3 });
		expect(modulePosition(sections, 'reader-questions')).toBeNull();
		expect(modulePosition(sections, 'further-reading')).toBeNull();
		expect(modulePosition(sections, 'absent')).toBeNull();
	});

	it('gives the contents list a number for each lesson module and none for the rest', () => {
		expect([...lessonNumbers(sections)]).toEqual([
			['id-introduction', 1],
			['id-background', 2],
			['id-the-talks', 3]
		]);
	});

	it('counts reading progress over lesson modules only', () => {
		const read = new Set(['id-introduction', 'id-reader-questions', 'id-further-reading']);
		const progress = readingProgress(sections, read);
		expect(progress).toMatchObject({ read: 1, total: 3, minutes: 9 });
		expect(progress.next?.slug).toBe('background');
		const all = readingProgress(sections, new Set(sections.map((s) => s.id)));
		expect(all).toMatchObject({ read: 3, total: 3, next: null });
	});

	it('gives the seed article 12 modules out of its 14 sections, the number an assignment requires', () => {
		expect(seed.sections).toHaveLength(14);
		expect(lessonModules(seed.sections)).toHaveLength(12);
		const last = lessonModules(seed.sections).at(-1)!;
		expect(modulePosition(seed.sections, last.slug)).toEqual({ number: 12, total: 12 });
		// What "Read n/12" in assignments and the gradebook counts: an assignment of the whole article.
		const assigned = resolveAssignedSections([], seed.sections);
		expect(assigned).toEqual({ ok: true, sections: lessonModules(seed.sections) });
	});
});
