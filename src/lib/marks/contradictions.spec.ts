import { describe, expect, it } from 'vitest';
import { parseArticle } from '../article/parse';
import { contradictionCandidates } from './contradictions';

const article = (...paragraphs: string[]) =>
	parseArticle(
		[
			'The Old Bridge',
			'Table of Contents',
			'- 1. The Old Bridge',
			'- 2. Later years',
			'',
			paragraphs[0],
			'',
			'Later years',
			'',
			...paragraphs.slice(1).flatMap((p) => [p, '']),
			''
		].join('\n')
	);

describe('contradictionCandidates', () => {
	it('pairs two passages that give one thing two different figures of the same unit', () => {
		const found = contradictionCandidates(
			article(
				'The bronze statue on the bridge weighs 12 tonnes, the city archive says.',
				'Workers lifted the bronze statue, which weighs 14 tonnes, onto a barge in 1990.'
			)
		);
		expect(found).toHaveLength(1);
		expect(found[0]).toMatchObject({
			a: { section: 'introduction', value: '12 tonnes' },
			b: { section: 'later-years', value: '14 tonnes' }
		});
		expect(found[0]!.subject).toContain('statue');
		expect(found[0]!.note).toContain('12 tonnes');
	});

	it('pairs two dates given for the same event', () => {
		const found = contradictionCandidates(
			article(
				'The bridge opened in 1932 after four years of work.',
				'Since the bridge opened in 1934, its tolls have paid for its upkeep.'
			)
		);
		expect(found.map((c) => [c.a.value, c.b.value])).toEqual([['1932', '1934']]);
	});

	it('leaves alone the same value said twice, other units, and unrelated figures', () => {
		expect(
			contradictionCandidates(
				article(
					'The bronze statue weighs 12 tonnes.',
					'The bronze statue, at 12 tonnes, is the heaviest in the city.',
					'The river carries 300 tonnes of silt a day, engineers say.'
				)
			)
		).toEqual([]);
	});

	it('puts money on one scale: £1.2 million and £900,000 a year for the same thing', () => {
		const found = contradictionCandidates(
			article(
				'Running the two branches costs £1.2 million a year, the finance committee estimated.',
				'The union argued that the two branches cost only £900,000 a year to run.',
				'Repairs to the roof alone would cost £800,000.'
			)
		);
		expect(found.map((c) => [c.a.value, c.b.value])).toEqual([['£1.2 million', '£900,000']]);
	});

	it('pairs two labels that cannot both hold for one subject, and no others', () => {
		const found = contradictionCandidates(
			article(
				'The plan first became known through an internal memo, which was leaked to the Herald.',
				'At the meeting, the mayor described the same memo as a public document.',
				'The council will hold a public meeting in October.',
				'A confidential source described the plan.'
			)
		);
		expect(found).toHaveLength(1);
		expect(found[0]).toMatchObject({
			a: { section: 'introduction', value: 'leaked' },
			b: { section: 'later-years', value: 'public' },
			subject: 'memo'
		});
		expect(found[0]!.note).toContain('“leaked”');
	});

	it('reads "confirmed" and "unverified" of one thing as a clash, not of two things', () => {
		const clash = contradictionCandidates(
			article(
				'The tags confirmed the spawning ground for the first time.',
				'The spawning ground itself is still unverified, because no eggs were found.'
			)
		);
		expect(clash.map((c) => [c.a.value, c.b.value])).toEqual([['confirmed', 'unverified']]);
		expect(
			contradictionCandidates(
				article(
					'The tags confirmed the spawning ground for the first time.',
					'The age of the oldest eel is still unverified.'
				)
			)
		).toEqual([]);
	});
});
