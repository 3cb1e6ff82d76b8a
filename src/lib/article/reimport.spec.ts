import { describe, expect, it } from 'vitest';
import { matchSections, type StoredSection } from './reimport';
import type { Section } from './types';

const section = (slug: string, title: string, text: string, line = 3): Section => ({
	slug,
	title,
	kind: 'lesson',
	line,
	blocks: [{ type: 'paragraph', text, line: line + 1 }]
});
const stored = (id: string, s: Section, archivedAt: Date | null = null): StoredSection => ({
	id,
	slug: s.slug,
	title: s.title,
	blocks: s.blocks,
	archivedAt
});

describe('matchSections', () => {
	const a = section('a', 'A', 'Alpha.');
	const b = section('b', 'B', 'Beta.');

	it('keeps ids, tells unchanged from changed, and a section that only moved down stays unchanged', () => {
		const plan = matchSections(
			[stored('1', a), stored('2', b)],
			[section('a', 'A', 'Alpha.', 40), section('b', 'B', 'Beta, edited.')]
		);
		expect(plan.matches.map((m) => [m.storedId, m.change])).toEqual([
			['1', 'unchanged'],
			['2', 'changed']
		]);
		expect(plan.archived).toEqual([]);
	});

	it('matches a renamed slug by its title, counts new sections as added and vanished ones as archived', () => {
		const plan = matchSections(
			[stored('1', a), stored('2', b)],
			[section('a-renamed', 'A', 'Alpha.'), section('c', 'C', 'Gamma.')]
		);
		expect(plan.matches.map((m) => [m.section.slug, m.storedId, m.change])).toEqual([
			['a-renamed', '1', 'unchanged'],
			['c', null, 'added']
		]);
		expect(plan.archived.map((s) => s.id)).toEqual(['2']);
	});

	it('gives a section that comes back its archived id, and never archives what is archived already', () => {
		const plan = matchSections([stored('1', a), stored('2', b, new Date(0))], [a, b]);
		expect(plan.matches.map((m) => [m.storedId, m.change])).toEqual([
			['1', 'unchanged'],
			['2', 'restored']
		]);
		expect(matchSections([stored('2', b, new Date(0))], [a]).archived).toEqual([]);
	});

	it('prefers a live section to an archived one of the same slug', () => {
		const plan = matchSections([stored('old', a, new Date(0)), stored('live', a)], [a]);
		expect(plan.matches[0]!.storedId).toBe('live');
	});
});
