import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { hostileQuestions } from '../../../../tests/fixtures/quiz/export-questions';
import { seedArticle, seedBankJson } from '../../../../tests/fixtures/quiz/load';
import type { Question } from '../schema';
import { articleQuestions } from '../select';
import { toMoodleXml } from './moodle-xml';
import { ORDERING_NOTE, ordinal, stemText } from './shared';

interface XmlText {
	text: string;
}
interface XmlAnswer {
	'@_fraction': string;
	text: string;
	tolerance?: string;
}
interface XmlQuestion {
	'@_type': string;
	name: XmlText;
	questiontext: XmlText & { '@_format': string };
	generalfeedback: XmlText;
	single?: string;
	answer?: XmlAnswer[];
	subquestion?: { text: string; answer: XmlText[] }[];
	category?: XmlText;
}

const parser = new XMLParser({
	ignoreAttributes: false,
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: false,
	isArray: (name) => ['question', 'answer', 'subquestion'].includes(name)
});

function read(xml: string): XmlQuestion[] {
	expect(XMLValidator.validate(xml)).toBe(true);
	return (parser.parse(xml) as { quiz: { question: XmlQuestion[] } }).quiz.question;
}

/** The HTML a CDATA section holds, back to the plain text it was made from. */
function htmlToPlain(html: string): string {
	return html
		.replace(/<br>/g, '\n')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&amp;/g, '&');
}

const MOODLE_TYPE: Record<Question['type'], string> = {
	single: 'multichoice',
	multiple: 'multichoice',
	truefalse: 'truefalse',
	matching: 'matching',
	ordering: 'matching',
	short: 'shortanswer',
	numeric: 'numerical'
};

/** Asserts that the parsed element is `q`: type, name, texts, and the right answers by fraction. */
function expectReadsAs(x: XmlQuestion, q: Question): void {
	expect(x['@_type']).toBe(MOODLE_TYPE[q.type]);
	expect(x.name.text).toBe(q.type === 'ordering' ? `${q.id} (${ORDERING_NOTE})` : q.id);
	expect(x.questiontext['@_format']).toBe('html');
	expect(htmlToPlain(x.questiontext.text)).toBe(stemText(q));
	expect(htmlToPlain(x.generalfeedback.text)).toBe(q.explanation);
	const answers = (x.answer ?? []).map((a) => ({
		fraction: Number(a['@_fraction']),
		text: a.text
	}));
	switch (q.type) {
		case 'single':
			expect(x.single).toBe('true');
			expect(answers.map((a) => htmlToPlain(a.text))).toEqual(q.options);
			expect(answers.filter((a) => a.fraction === 100).map((a) => htmlToPlain(a.text))).toEqual([
				q.answer
			]);
			expect(answers.filter((a) => a.fraction !== 100).every((a) => a.fraction === 0)).toBe(true);
			return;
		case 'multiple': {
			expect(x.single).toBe('false');
			expect(answers.map((a) => htmlToPlain(a.text))).toEqual(q.options);
			const right = answers.filter((a) => a.fraction > 0);
			expect(new Set(right.map((a) => htmlToPlain(a.text)))).toEqual(new Set(q.answers));
			expect(right.reduce((sum, a) => sum + a.fraction, 0)).toBeCloseTo(100, 3);
			expect(answers.filter((a) => a.fraction <= 0).every((a) => a.fraction === -100)).toBe(true);
			return;
		}
		case 'truefalse':
			expect(answers).toEqual([
				{ fraction: q.answer ? 100 : 0, text: 'true' },
				{ fraction: q.answer ? 0 : 100, text: 'false' }
			]);
			return;
		case 'matching':
		case 'ordering': {
			const pairs =
				q.type === 'matching'
					? q.pairs
					: q.items.map((item, i) => ({ left: item, right: ordinal(i + 1) }));
			expect(
				(x.subquestion ?? []).map((s) => ({ left: htmlToPlain(s.text), right: s.answer[0]!.text }))
			).toEqual(pairs);
			return;
		}
		case 'short':
			// A literal asterisk is written \* (a bare * is Moodle's wildcard).
			expect(answers).toEqual(
				q.accepted.map((a) => ({ fraction: 100, text: a.replaceAll('*', '\\*') }))
			);
			return;
		case 'numeric':
			expect(answers.map((a) => a.fraction)).toEqual([100]);
			expect(Number(answers[0]!.text)).toBe(q.answer);
			expect(Number(x.answer![0]!.tolerance)).toBe(q.tolerance);
			return;
	}
}

describe('toMoodleXml: one question of each type, with hostile text', () => {
	const questions = hostileQuestions();
	const xml = toMoodleXml(questions, { title: 'Article: <hostile> & "title" / part' });
	const read_ = read(xml);

	it('is well-formed UTF-8 XML: a category, then the same number of questions', () => {
		expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')).toBe(true);
		expect(read_[0]!['@_type']).toBe('category');
		expect(read_[0]!.category!.text).toBe('Article: <hostile> & "title" // part');
		expect(read_.slice(1)).toHaveLength(questions.length);
	});

	it('reads back every question with its type, right answers by fraction and text (CDATA included)', () => {
		questions.forEach((q, i) => expectReadsAs(read_[i + 1]!, q));
	});

	it('keeps a "]]>" in the text from closing a CDATA section early', () => {
		// Every "]]>" in the file ends a CDATA section: the text's own are escaped inside them.
		expect(xml.split(']]>').length).toBe(xml.split('<![CDATA[').length);
		expect(xml).toContain(']]&gt; 50%');
	});

	it('writes the evidence and the ordering note as comments that cannot break the XML', () => {
		expect(xml).toContain(
			'<!-- evidence: intro: "a quote with {braces} - - and\na line break [id:x]" -->'
		);
		expect(xml).toContain(`<!-- ${ORDERING_NOTE} -->`);
	});

	it('drops characters XML cannot hold, and is deterministic', () => {
		const [single] = questions;
		const odd = { ...single!, text: 'bell\u0007 and \uD800 lone' } as Question;
		const x = read(toMoodleXml([odd]));
		expect(htmlToPlain(x[0]!.questiontext.text)).toBe('bell and  lone');
		expect(toMoodleXml(questions, { title: 'T' })).toBe(toMoodleXml(questions, { title: 'T' }));
	});

	it('throws on a type it does not know rather than dropping the question', () => {
		const stranger = { ...questions[0]!, type: 'essay' } as unknown as Question;
		expect(() => toMoodleXml([stranger])).toThrow(/essay/);
	});
});

describe('toMoodleXml: the seed article’s questions (authored bank + generated from tables)', () => {
	const questions = articleQuestions(seedArticle(), seedBankJson());
	const read_ = read(toMoodleXml(questions));

	it('exports every question and reads each back with its right answers', () => {
		expect(questions.length).toBeGreaterThan(40);
		expect(read_).toHaveLength(questions.length);
		questions.forEach((q, i) => expectReadsAs(read_[i]!, q));
	});
});
