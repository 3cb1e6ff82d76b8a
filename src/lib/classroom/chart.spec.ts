import { describe, expect, it } from 'vitest';
import { facilityBars, shorten } from './index';

describe('facilityBars', () => {
	it('labels each bar with words, hardest first, unknown values last, ties in the order given', () => {
		const bars = facilityBars([
			{ label: 'Who verified the transcripts?', detail: 'The secret dialog', value: 0.6 },
			{ label: 'When did the talks take place?', detail: null, value: 0.3 },
			{ label: 'Which summit came first?', detail: 'Background', value: null },
			{ label: 'What did Bush warn about?', detail: null, value: 0.6 }
		]);
		expect(bars).toEqual([
			{
				label: 'When did the talks take place?',
				fullLabel: 'When did the talks take place?',
				detail: null,
				value: 0.3,
				percent: 30,
				valueLabel: '30%'
			},
			{
				label: 'Who verified the transcripts?',
				fullLabel: 'Who verified the transcripts?',
				detail: 'The secret dialog',
				value: 0.6,
				percent: 60,
				valueLabel: '60%'
			},
			{
				label: 'What did Bush warn about?',
				fullLabel: 'What did Bush warn about?',
				detail: null,
				value: 0.6,
				percent: 60,
				valueLabel: '60%'
			},
			{
				label: 'Which summit came first?',
				fullLabel: 'Which summit came first?',
				detail: 'Background',
				value: null,
				percent: 0,
				valueLabel: '—'
			}
		]);
	});

	it('keeps bars inside the track whatever the value, rounded to hundredths', () => {
		const bars = facilityBars([
			{ label: 'over', detail: null, value: 1.5 },
			{ label: 'under', detail: null, value: -0.2 },
			{ label: 'third', detail: null, value: 1 / 3 }
		]);
		expect(bars.map((b) => [b.label, b.percent])).toEqual([
			['under', 0],
			['third', 33.33],
			['over', 100]
		]);
	});

	it('has no bars for no items', () => {
		expect(facilityBars([])).toEqual([]);
	});
});

describe('shorten', () => {
	it('leaves a short label alone, collapsing its white space', () => {
		expect(shorten('  Who   said it?\n')).toBe('Who said it?');
	});

	it('cuts a long label at a word boundary and marks the cut', () => {
		const text =
			'According to the article, which two phrases did the 2008 summit declaration use about Ukraine and Georgia?';
		const short = shorten(text, 40);
		expect(short).toBe('According to the article, which two…');
		expect(short.length).toBeLessThanOrEqual(40);
	});

	it('cuts a single long word where it must', () => {
		expect(shorten('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
	});
});
