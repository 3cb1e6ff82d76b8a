import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../article/parse';
import { locateEvidence } from '../quiz/evidence';
import { contradictionCandidates } from './contradictions';
import { draftMarks, lessonReading, markKinds, type SourceMark } from './marks';

const fixture = (name: string) =>
	parseArticle(
		readFileSync(new URL(`../../../tests/fixtures/articles/${name}`, import.meta.url), 'utf8')
	);
const news = fixture('prose-news-harbour-tram.txt');
const essay = fixture('prose-essay-four-day-week.txt');
const markOf = (marks: SourceMark[], start: string) => {
	const found = marks.find((m) => m.quote.startsWith(start));
	if (!found) throw new Error(`no mark for “${start}”`);
	return found;
};

describe('draftMarks', () => {
	const newsMarks = draftMarks(news);
	const essayMarks = draftMarks(essay);

	it('anchors every mark by a verbatim quote of its module, one mark per sentence', () => {
		for (const [article, marks] of [
			[news, newsMarks],
			[essay, essayMarks]
		] as const) {
			expect(marks.length).toBeGreaterThan(10);
			for (const mark of marks) {
				expect(markKinds).toContain(mark.kind);
				const located = locateEvidence(article, { section: mark.section, quote: mark.quote });
				expect(located, mark.quote).not.toBeNull();
			}
			const keys = marks.map((m) => `${m.section}\u0000${m.quote}`);
			expect(new Set(keys).size).toBe(keys.length);
		}
	});

	it('credits a quotation to its speaker, and a sentence that goes on reporting them', () => {
		expect(markOf(newsMarks, '“This line will change')).toMatchObject({
			kind: 'named',
			source: 'Ana Silva',
			speaker: 'Ana Silva'
		});
		expect(markOf(newsMarks, 'He added that his group')).toMatchObject({
			kind: 'named',
			source: 'João Pereira'
		});
	});

	it('names the body a claim is credited to: "according to", a trailing credit, a report by', () => {
		expect(markOf(newsMarks, 'Construction is scheduled')).toMatchObject({
			kind: 'named',
			source: "the council's transport committee"
		});
		expect(markOf(newsMarks, 'The line is expected to cost')).toMatchObject({
			kind: 'named',
			source: 'the finance department'
		});
		expect(markOf(essayMarks, 'According to Autonomy')).toMatchObject({
			kind: 'named',
			source: 'Autonomy'
		});
	});

	it('marks a source the reader cannot check as vague, with the hedge as written', () => {
		expect(markOf(newsMarks, 'Critics argue')).toMatchObject({
			kind: 'vague',
			source: 'Critics argue'
		});
		expect(markOf(essayMarks, 'It is widely believed')).toMatchObject({ kind: 'vague' });
		expect(markOf(essayMarks, 'Some economists say')).toMatchObject({ kind: 'vague' });
	});

	it('marks a claim stated as fact with no source as none', () => {
		expect(markOf(newsMarks, 'The vote passed by 31 to 14')).toMatchObject({
			kind: 'none',
			source: null
		});
		expect(markOf(newsMarks, 'Shop owners near the harbour')).toMatchObject({ kind: 'none' });
	});

	it('marks the article’s own view and advice as the article’s', () => {
		expect(markOf(essayMarks, 'This essay sets out')).toMatchObject({ kind: 'article' });
		// Its conclusion module speaks for the essay.
		expect(markOf(essayMarks, 'The four-day week is neither')).toMatchObject({
			kind: 'article'
		});
	});

	it('names who handled a document ("obtained by …")', () => {
		const article = parseArticle(
			[
				'Leaked Notes',
				'Table of Contents',
				'- 1. Leaked Notes',
				'',
				'The notes were obtained by The Harbour Gazette last spring. Prices went up sharply that year.',
				''
			].join('\n')
		);
		const marks = draftMarks(article);
		expect(markOf(marks, 'The notes were obtained')).toMatchObject({
			kind: 'named',
			source: 'The Harbour Gazette'
		});
		expect(markOf(marks, 'Prices went up sharply')).toMatchObject({ kind: 'none' });
	});

	it('leaves questions and fragments unmarked, and reads only lesson modules', () => {
		const prompts = new Set(news.sections.filter((s) => s.kind !== 'lesson').map((s) => s.slug));
		expect(newsMarks.some((m) => prompts.has(m.section))).toBe(false);
		expect(newsMarks.some((m) => m.quote.trim().endsWith('?'))).toBe(false);
	});

	it('reads who spoke through an appositive and bodies named in lower case', () => {
		const marks = draftMarks(
			parseArticle(
				[
					'The Dam',
					'Table of Contents',
					'- 1. The Dam',
					'',
					"The company's chief engineer, Tom Adeyemi, told the inquiry that the report was a draft. The water company argues that the storm was too strong. Sources familiar with the talks said a buyer had come forward.",
					''
				].join('\n')
			)
		);
		expect(markOf(marks, "The company's chief engineer")).toMatchObject({
			kind: 'named',
			source: 'Tom Adeyemi'
		});
		expect(markOf(marks, 'The water company argues')).toMatchObject({
			kind: 'named',
			source: 'The water company'
		});
		expect(markOf(marks, 'Sources familiar')).toMatchObject({
			kind: 'vague',
			source: 'Sources familiar with the talks said'
		});
	});

	it('flags the passages that say what the material is or where it came from', () => {
		const marks = draftMarks(
			parseArticle(
				[
					'The Memo',
					'Table of Contents',
					'- 1. The Memo',
					'',
					'The plan became known through an internal memo, which was leaked to the Herald. The council voted by nine to four to close the branch.',
					''
				].join('\n')
			)
		);
		expect(markOf(marks, 'The plan became known').provenance).toBe(true);
		expect(markOf(marks, 'The council voted').provenance).toBe(false);
		expect(newsMarks.every((m) => typeof m.provenance === 'boolean')).toBe(true);
	});

	it('drafts the same from a reading shared with the contradiction finder (read once per import)', () => {
		const reading = lessonReading(news);
		expect(draftMarks(news, reading)).toEqual(newsMarks);
		expect(contradictionCandidates(news, reading)).toEqual(contradictionCandidates(news));
	});
});
