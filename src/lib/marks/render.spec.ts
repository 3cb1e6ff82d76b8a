import { describe, expect, it } from 'vitest';
import type { Block } from '../article/types';
import {
	markLabel,
	moduleMarkup,
	passageAnchor,
	segmentText,
	summarySentence,
	type ReaderContradiction,
	type ReaderMark
} from './render';

const blocks: Block[] = [
	{
		type: 'paragraph',
		text: 'The bridge will open in May, said the mayor, Ana Silva. Critics argue it is late.',
		line: 3
	},
	{
		type: 'list',
		line: 5,
		items: [
			{ label: 'Cost', separator: ' – ', text: 'about 40 million euros.', line: 5 },
			{ text: 'Work began in 2019.', line: 6 }
		]
	},
	{ type: 'table', header: ['Year', 'Event'], rows: [['2021', 'Opened in 2021']], line: 8 }
];

function mark(id: string, quote: string, over: Partial<ReaderMark> = {}): ReaderMark {
	return { id, quote, kind: 'none', source: null, speaker: null, status: 'confirmed', ...over };
}

const text = (segments: { parts: { text: string }[] }[]) =>
	segments.map((s) => s.parts.map((p) => p.text).join('')).join('');

describe('moduleMarkup', () => {
	it('cuts a paragraph into plain and marked runs at the first place each quote stands', () => {
		const m = moduleMarkup(
			'a',
			'one',
			blocks,
			[
				mark('m1', 'The bridge will open in May', { kind: 'named', source: 'Ana Silva' }),
				mark('m2', 'Critics argue it is late.', { kind: 'vague', source: 'Critics' })
			],
			[]
		);
		const segments = m.passages.b0!.segments!;
		expect(segments.map((s) => s.mark)).toEqual(['m1', null, 'm2']);
		expect(segments[0]!.parts[0]!.text).toBe('The bridge will open in May');
		expect(text(segments)).toBe(blocks[0]!.type === 'paragraph' ? blocks[0]!.text : '');
	});

	it('keeps the first of two overlapping marks and drops the later one', () => {
		const m = moduleMarkup(
			'a',
			'one',
			blocks,
			[
				mark('first', 'will open in May'),
				mark('later', 'open in May, said the mayor'),
				mark('apart', 'it is late')
			],
			[]
		);
		expect(Object.keys(m.labels)).toEqual(['first', 'apart']);
		expect(m.passages.b0!.segments!.map((s) => s.mark)).toEqual([
			null,
			'first',
			null,
			'apart',
			null
		]);
	});

	it('drops marks whose quote does not stand in the text, and never marks a table cell', () => {
		const m = moduleMarkup(
			'a',
			'one',
			blocks,
			[mark('gone', 'a sentence no longer there'), mark('cell', 'Opened in 2021')],
			[]
		);
		expect(m.labels).toEqual({});
		expect(m.passages).toEqual({});
		expect(summarySentence(m.summary)).toBeNull();
	});

	it('marks a list item as written, keeping its label strong', () => {
		const m = moduleMarkup('a', 'one', blocks, [mark('cost', 'Cost – about 40 million')], []);
		const segments = m.passages.b1i0!.segments!;
		expect(segments).toEqual([
			{
				mark: 'cost',
				parts: [
					{ text: 'Cost', strong: true },
					{ text: ' – about 40 million', strong: false }
				]
			},
			{ mark: null, parts: [{ text: ' euros.', strong: false }] }
		]);
	});

	it('anchors both passages of a contradiction and notes the other module with a link to it', () => {
		const c: ReaderContradiction = {
			id: 'c1',
			a: { section: 'one', sectionTitle: 'One', quote: 'Work began in 2019.', label: null },
			b: { section: 'two', sectionTitle: 'Two', quote: 'began in 2020', label: 'the later date' },
			subject: 'when the work began',
			note: 'One module says 2019, the other 2020.'
		};
		const m = moduleMarkup('bridge', 'one', blocks, [], [c]);
		expect(m.passages.b1i1!.anchors).toEqual([passageAnchor('c1', 'a')]);
		expect(m.notes[1]).toEqual([
			expect.objectContaining({
				id: 'c1',
				quote: 'Work began in 2019.',
				href: '/lessons/bridge/two#passage-c1-b',
				other: expect.objectContaining({ sectionTitle: 'Two', label: 'the later date' })
			})
		]);
		expect(m.summary.disagreements).toBe(1);
	});

	it('anchors a contradiction in a table cell (without marking it) and links within one module', () => {
		const c: ReaderContradiction = {
			id: 'c2',
			a: { section: 'one', sectionTitle: 'One', quote: 'Opened in 2021', label: null },
			b: { section: 'one', sectionTitle: 'One', quote: 'open in May', label: null },
			subject: 'the opening',
			note: 'Two dates.'
		};
		const m = moduleMarkup('bridge', 'one', blocks, [], [c]);
		expect(m.passages['b2r0c1']).toEqual({ segments: null, anchors: ['passage-c2-a'] });
		expect(m.passages.b0!.anchors).toEqual(['passage-c2-b']);
		expect(m.notes[2]![0]!.href).toBe('#passage-c2-b');
		expect(m.notes[0]![0]!.href).toBe('#passage-c2-a');
		expect(m.summary.disagreements).toBe(1);
	});
});

describe('segmentText', () => {
	it('gives back the whole text, cut at each mark', () => {
		const s = segmentText('abcdef', [{ mark: 'x', start: 2, end: 4 }]);
		expect(s.map((x) => [x.mark, x.parts.map((p) => p.text).join('')])).toEqual([
			[null, 'ab'],
			['x', 'cd'],
			[null, 'ef']
		]);
	});
});

describe('markLabel', () => {
	it('names each kind in words, not only by colour', () => {
		expect(markLabel(mark('1', 'q', { kind: 'named', source: 'Ana Silva' }))).toMatchObject({
			tag: 'named: Ana Silva',
			spoken: 'Source: named — Ana Silva'
		});
		expect(markLabel(mark('2', 'q', { kind: 'vague', source: 'critics' })).spoken).toBe(
			'Source: vague — critics'
		);
		expect(markLabel(mark('3', 'q')).spoken).toBe('Source: none given');
		expect(markLabel(mark('3', 'q')).tag).toBe('no source');
		expect(markLabel(mark('4', 'q', { kind: 'article' })).tag).toBe('article’s view');
	});

	it('attributes a quote to its speaker and says when Lectern suggested the mark', () => {
		const label = markLabel(
			mark('5', 'q', {
				kind: 'named',
				speaker: 'Ana Silva',
				source: 'Ana Silva',
				status: 'suggested'
			})
		);
		expect(label.tag).toBe('quoted: Ana Silva');
		expect(label.spoken).toBe(
			'Quoted: Ana Silva; suggested by Lectern, not yet checked by a teacher'
		);
		expect(label.suggested).toBe(true);
	});
});

describe('summarySentence', () => {
	it('sums up the module’s marks and disagreements', () => {
		expect(
			summarySentence({ named: 3, vague: 2, none: 5, article: 0, suggested: 0, disagreements: 1 })
		).toBe(
			'In this module the text credits 3 claims to named sources, 2 to vague ones and states 5 claims without a source; 1 passage here disagrees with another.'
		);
	});

	it('speaks in the singular, and of suggested marks', () => {
		expect(
			summarySentence({ named: 0, vague: 1, none: 0, article: 1, suggested: 1, disagreements: 0 })
		).toBe(
			'In this module the text credits 1 claim to a vague source and gives 1 as its own view. One mark was suggested by Lectern and not yet checked by a teacher.'
		);
	});

	it('speaks of disagreements alone when nothing is marked', () => {
		expect(
			summarySentence({ named: 0, vague: 0, none: 0, article: 0, suggested: 0, disagreements: 2 })
		).toBe('2 passages here disagree with others.');
	});
});
