import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../article/parse';
import type { Section } from '../article/types';
import { courseClaims } from '../marks/course';
import { claimQuestions } from './claims';
import { readSections, readingsMade, type Reading } from './reading';
import { suggestQuestions } from './suggest';

const SEED = new URL(
	'../../content/articles/declassified-putin-bush-talks-surface-tensions-over-nato-ukraine.txt',
	import.meta.url
);
/**
 * The seed's lesson modules, parsed anew (other objects each time). Specs share a worker's
 * modules, so another may have read the seed already: `marker` makes content no one has read.
 */
const lessons = (marker = '') => {
	const article = parseArticle(readFileSync(SEED, 'utf8'));
	const sections = article.sections.filter((s) => s.kind === 'lesson');
	const paragraph = sections[0]!.blocks.find((b) => b.type === 'paragraph');
	if (paragraph?.type !== 'paragraph') throw new Error('the seed opens with a paragraph');
	paragraph.text += marker;
	return { sections, prompts: article.prompts.map((p) => p.text) };
};

/** A reading as plain data: sections by slug, sentences by position. */
function plain(reading: Reading) {
	const at = new Map(reading.sentences.map((s, i) => [s, i]));
	const sentence = ({ section, ...rest }: Reading['sentences'][number]) => ({
		...rest,
		section: section.slug
	});
	return {
		sentences: reading.sentences.map(sentence),
		quotes: reading.quotes.map((q) => ({ ...q, sentence: at.get(q.sentence) })),
		figures: reading.figures.map((f) => ({ ...f, sentence: at.get(f.sentence) })),
		years: reading.years.map((y) => ({ ...y, sentence: at.get(y.sentence) })),
		people: [...reading.people],
		names: [...reading.names],
		attributions: [...reading.attributions].map(([s, a]) => [at.get(s), a])
	};
}

describe('readSections: one reading per content', () => {
	it('reads the same modules once, handing each caller an equal copy on its own sections', () => {
		const marker = ` Critics argue that the talks changed nothing (${Math.random()}).`;
		const first = lessons(marker);
		const before = readingsMade();
		const a = readSections(first.sections, first.prompts);
		expect(readingsMade()).toBe(before + 1);
		expect(a.sentences.length).toBeGreaterThan(20);
		expect(a.years.length).toBeGreaterThan(0);
		expect(a.figures.length).toBeGreaterThan(0);

		// The same article parsed again: other objects, same content.
		const second = lessons(marker);
		const b = readSections(second.sections, second.prompts);
		expect(readingsMade()).toBe(before + 1);
		expect(plain(b)).toEqual(plain(a));
		const own = new Set<Section>(second.sections);
		expect(b.sentences.every((s) => own.has(s.section))).toBe(true);
		expect(b.quotes.every((q) => b.sentences.includes(q.sentence))).toBe(true);
		expect(b.figures.every((f) => b.sentences.includes(f.sentence))).toBe(true);
		expect([...b.attributions.keys()]).toEqual(b.sentences);
	});

	it('reads an article once for the three readers an import runs (marks, claim questions, suggestions)', () => {
		const article = parseArticle(readFileSync(SEED, 'utf8'));
		const opening = article.sections
			.find((s) => s.kind === 'lesson')!
			.blocks.find((b) => b.type === 'paragraph');
		if (opening?.type !== 'paragraph') throw new Error('the seed opens with a paragraph');
		opening.text += ` Critics argue that the talks changed nothing (${Math.random()}).`;
		const before = readingsMade();
		const { marks } = courseClaims(article);
		expect(marks.length).toBeGreaterThan(0);
		expect(claimQuestions(article, { marks: [], contradictions: [] })).toEqual([]);
		expect(suggestQuestions(article).length).toBeGreaterThan(0);
		expect(readingsMade()).toBe(before + 1);
	}, 60_000);

	it('keeps what one caller changes in its copy out of the next', () => {
		const { sections, prompts } = lessons();
		const a = readSections(sections, prompts);
		const pristine = plain(a);
		a.sentences[0]!.text = 'changed';
		a.years.length = 0;
		a.people.push('Nobody');
		a.attributions.set(a.sentences[1]!, { kind: 'none' });
		expect(plain(readSections(sections, prompts))).toEqual(pristine);
	});

	it('reads again when the content or the prompts differ', () => {
		const { sections, prompts } = lessons();
		readSections(sections, prompts);
		const before = readingsMade();
		const marker = ` Critics argue that the talks changed nothing (${Math.random()}).`;
		const changed = readSections(lessons(marker).sections, prompts);
		expect(readingsMade()).toBe(before + 1);
		expect(changed.sentences.some((s) => s.text.startsWith('Critics argue'))).toBe(true);
		readSections(sections, [...prompts, sections[0]!.title]);
		expect(readingsMade()).toBe(before + 2);
	});
});
