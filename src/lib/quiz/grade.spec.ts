import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	gradeAnswer,
	gradeAttempt,
	gradeStoredAnswer,
	NOT_IN_ATTEMPT,
	unansweredResult,
	type GradedAnswer
} from './grade';
import { toPublicQuestion, type PublicQuestion } from './public';
import { fieldName, responseFormValues, responsesFromForm } from './response';
import { questionSchema, type Question, type QuestionInput } from './schema';

const evidence = { section: 'introduction', quote: 'the treaty was signed in 1990' };
/** A question as an author writes it, minus the explanation and evidence every one here shares. */
type Draft<Q = QuestionInput> = Q extends unknown ? Omit<Q, 'explanation' | 'evidence'> : never;
const question = (q: Draft): Question =>
	questionSchema.parse({ explanation: 'Because the article says so.', evidence, ...q });

const single = question({
	id: 'q-single',
	type: 'single',
	text: 'Which archive holds the signed copy, according to the article?',
	options: ['Archive A', 'Archive B', 'Archive C'],
	answer: 'Archive B'
});
const multiple = question({
	id: 'q-multiple',
	type: 'multiple',
	text: 'Which outlets does the article name?',
	options: ['Reuters', 'BBC', 'The Intercept', 'Al Jazeera'],
	answers: ['Reuters', 'BBC']
});
const trueFalse = question({
	id: 'q-tf',
	type: 'truefalse',
	text: 'True or false: the article names the officials.',
	answer: false
});
const matching = question({
	id: 'q-matching',
	type: 'matching',
	text: 'Match each claim to its source in the article.',
	pairs: [
		{ left: 'Signed in 1990', right: 'Archive B' },
		{ left: 'Nine days of talks', right: 'Unnamed officials' },
		{ left: 'Draft text', right: 'Archive A' }
	]
});
const ordering = question({
	id: 'q-ordering',
	type: 'ordering',
	text: 'Put the article’s events in order.',
	items: ['Talks', 'Signing', 'Ratification']
});
const short = question({
	id: 'q-short',
	type: 'short',
	text: 'Which newspaper does the article say verified the material?',
	accepted: ['The New York Times', 'NYT']
});
const numeric = question({
	id: 'q-numeric',
	type: 'numeric',
	text: 'By what percentage, according to the article?',
	answer: 30,
	unit: '%'
});
const approx = question({
	id: 'q-approx',
	type: 'numeric',
	text: 'How many billion, according to the article?',
	answer: 12,
	tolerance: 0.5
});

/** The id the browser would send for a choice, found through the public form only. */
function idOf(q: Question, text: string): string {
	const pub = toPublicQuestion(q, 1) as PublicQuestion &
		Record<string, { id: string; text: string }[]>;
	const all = ['options', 'left', 'choices', 'items'].flatMap((k) => pub[k] ?? []);
	const found = all.find((c) => c.text === text);
	if (!found) throw new Error(`no choice "${text}" in ${q.id}`);
	return found.id;
}

function graded(q: Question, response: unknown): GradedAnswer {
	const result = gradeAnswer(q, response);
	if (!result.ok) throw new Error(`expected a usable response, got "${result.error}"`);
	return result.result;
}

function errorFor(q: Question, response: unknown): string {
	const result = gradeAnswer(q, response);
	if (result.ok) throw new Error('expected the response to be rejected');
	return result.error;
}

describe('gradeAnswer: single choice', () => {
	it('marks the correct option right, with the explanation and evidence to show', () => {
		expect(graded(single, idOf(single, 'Archive B'))).toMatchObject({
			questionId: 'q-single',
			correct: true,
			points: 1,
			maxPoints: 1,
			partial: null,
			responseText: ['Archive B'],
			answerText: ['Archive B'],
			explanation: 'Because the article says so.',
			evidence
		});
	});

	it('marks another option wrong and shows the learner what they chose', () => {
		expect(graded(single, idOf(single, 'Archive A'))).toMatchObject({
			correct: false,
			points: 0,
			responseText: ['Archive A'],
			answerText: ['Archive B']
		});
	});

	it('rejects an option id the question does not have', () => {
		expect(errorFor(single, 'o0000000000')).toBe('Choose one of the options shown.');
		expect(errorFor(single, 'Archive B')).toBe('Choose one of the options shown.');
	});

	it('asks for an answer when none is given', () => {
		for (const missing of [undefined, null, '', '   '])
			expect(errorFor(single, missing)).toBe('Answer this question.');
	});

	it('rejects a wrongly typed answer', () => {
		expect(errorFor(single, 2)).toBe('Choose one of the options shown.');
		expect(errorFor(single, [idOf(single, 'Archive B')])).toBe('Choose one of the options shown.');
	});
});

describe('gradeAnswer: multiple choice', () => {
	const ids = (...texts: string[]) => texts.map((t) => idOf(multiple, t));

	it('is right only when exactly the correct options are chosen', () => {
		expect(graded(multiple, ids('BBC', 'Reuters'))).toMatchObject({
			correct: true,
			points: 1,
			partial: { right: 2, wrong: 0, total: 2, credit: 1 }
		});
	});

	it('gives no points for a partly right answer, but reports the partial credit', () => {
		expect(graded(multiple, ids('Reuters'))).toMatchObject({
			correct: false,
			points: 0,
			partial: { right: 1, wrong: 0, total: 2, credit: 0.5 }
		});
	});

	it('counts a wrong option against the right ones in partial credit, never below zero', () => {
		expect(graded(multiple, ids('Reuters', 'BBC', 'Al Jazeera')).partial).toEqual({
			right: 2,
			wrong: 1,
			total: 2,
			credit: 0.5
		});
		expect(graded(multiple, ids('The Intercept', 'Al Jazeera')).partial).toEqual({
			right: 0,
			wrong: 2,
			total: 2,
			credit: 0
		});
	});

	it('shows the chosen options and the key in the question’s own order', () => {
		expect(graded(multiple, ids('Al Jazeera', 'Reuters'))).toMatchObject({
			responseText: ['Reuters', 'Al Jazeera'],
			answerText: ['Reuters', 'BBC']
		});
	});

	it('accepts a single checked box sent as a plain string, and counts a repeated id once', () => {
		const [reuters] = ids('Reuters');
		expect(graded(multiple, reuters).response).toEqual([reuters]);
		expect(graded(multiple, [reuters, reuters]).response).toEqual([reuters]);
	});

	it('rejects an unknown option id, an empty choice and a wrong type', () => {
		expect(errorFor(multiple, [...ids('Reuters'), 'o-bogus'])).toBe(
			'Choose only from the options shown.'
		);
		expect(errorFor(multiple, [])).toBe('Answer this question.');
		expect(errorFor(multiple, { a: 1 })).toBe('Choose one or more of the options shown.');
		expect(errorFor(multiple, [1])).toBe('Choose only from the options shown.');
	});
});

describe('gradeAnswer: true or false', () => {
	it('grades booleans and the "true"/"false" strings a form sends', () => {
		expect(graded(trueFalse, false)).toMatchObject({
			correct: true,
			responseText: ['False'],
			answerText: ['False']
		});
		expect(graded(trueFalse, 'false').correct).toBe(true);
		expect(graded(trueFalse, 'true')).toMatchObject({ correct: false, responseText: ['True'] });
	});

	it('rejects anything else', () => {
		expect(errorFor(trueFalse, 'yes')).toBe('Choose true or false.');
		expect(errorFor(trueFalse, 1)).toBe('Choose true or false.');
		expect(errorFor(trueFalse, undefined)).toBe('Answer this question.');
	});
});

describe('gradeAnswer: matching', () => {
	const answer = (pairs: [string, string][]) =>
		Object.fromEntries(pairs.map(([l, r]) => [idOf(matching, l), idOf(matching, r)]));
	const right: [string, string][] = [
		['Signed in 1990', 'Archive B'],
		['Nine days of talks', 'Unnamed officials'],
		['Draft text', 'Archive A']
	];

	it('is right when every left item has its right-hand value', () => {
		expect(graded(matching, answer(right))).toMatchObject({
			correct: true,
			partial: { right: 3, wrong: 0, total: 3, credit: 1 },
			responseText: [
				'Signed in 1990 → Archive B',
				'Nine days of talks → Unnamed officials',
				'Draft text → Archive A'
			]
		});
	});

	it('is wrong with one pair swapped, and says how many pairs were right', () => {
		const swapped: [string, string][] = [
			right[0]!,
			['Nine days of talks', 'Archive A'],
			['Draft text', 'Unnamed officials']
		];
		expect(graded(matching, answer(swapped))).toMatchObject({
			correct: false,
			points: 0,
			partial: { right: 1, wrong: 2, total: 3, credit: 1 / 3 },
			answerText: [
				'Signed in 1990 → Archive B',
				'Nine days of talks → Unnamed officials',
				'Draft text → Archive A'
			]
		});
	});

	it('grades the same value chosen twice as wrong, not as unusable', () => {
		const twice: [string, string][] = [right[0]!, ['Nine days of talks', 'Archive B'], right[2]!];
		expect(graded(matching, answer(twice)).correct).toBe(false);
	});

	it('asks for a match for every left item', () => {
		expect(errorFor(matching, answer(right.slice(0, 2)))).toBe('Choose a match for every item.');
	});

	it('rejects unknown items and unknown choices', () => {
		expect(errorFor(matching, { ...answer(right), 'l-unknown': idOf(matching, 'Archive A') })).toBe(
			'Match only the items shown.'
		);
		expect(
			errorFor(matching, { ...answer(right), [idOf(matching, 'Draft text')]: 'r-unknown' })
		).toBe('Choose each match from the options shown.');
		expect(errorFor(matching, 'Archive B')).toBe('Choose a match for each item.');
		expect(errorFor(matching, {})).toBe('Answer this question.');
	});
});

describe('gradeAnswer: ordering', () => {
	const positions = (order: string[]) =>
		Object.fromEntries(order.map((text, i) => [idOf(ordering, text), i + 1]));

	it('is right when every item has its position', () => {
		expect(graded(ordering, positions(['Talks', 'Signing', 'Ratification']))).toMatchObject({
			correct: true,
			partial: { right: 3, wrong: 0, total: 3, credit: 1 },
			responseText: ['1. Talks', '2. Signing', '3. Ratification']
		});
	});

	it('shows a wrong order as the learner gave it, beside the right one', () => {
		expect(graded(ordering, positions(['Signing', 'Talks', 'Ratification']))).toMatchObject({
			correct: false,
			partial: { right: 1, wrong: 2, total: 3, credit: 1 / 3 },
			responseText: ['1. Signing', '2. Talks', '3. Ratification'],
			answerText: ['1. Talks', '2. Signing', '3. Ratification']
		});
	});

	it('accepts positions sent as form strings', () => {
		const asText = Object.fromEntries(
			Object.entries(positions(['Talks', 'Signing', 'Ratification'])).map(([k, v]) => [k, ` ${v} `])
		);
		expect(graded(ordering, asText).correct).toBe(true);
	});

	it('asks for a different position for each item', () => {
		const tied = {
			...positions(['Talks', 'Signing', 'Ratification']),
			[idOf(ordering, 'Signing')]: 1
		};
		expect(errorFor(ordering, tied)).toBe('Give each item a different position from 1 to 3.');
	});

	it('rejects positions outside 1..n, missing items and unknown items', () => {
		expect(
			errorFor(ordering, {
				...positions(['Talks', 'Signing', 'Ratification']),
				[idOf(ordering, 'Talks')]: 4
			})
		).toBe('Give each item a position from 1 to 3.');
		expect(
			errorFor(ordering, {
				...positions(['Talks', 'Signing', 'Ratification']),
				[idOf(ordering, 'Talks')]: 1.5
			})
		).toBe('Give each item a position from 1 to 3.');
		expect(errorFor(ordering, positions(['Talks', 'Signing']))).toBe('Give every item a position.');
		expect(
			errorFor(ordering, { ...positions(['Talks', 'Signing', 'Ratification']), 'i-extra': 2 })
		).toBe('Place only the items shown.');
	});
});

describe('gradeAnswer: short answer', () => {
	it.each([
		'The New York Times',
		'the new york times',
		'  The  New‑York   Times. ',
		'“The New York Times”',
		'nyt',
		'N.Y.T.'
	])('accepts %j', (given) => {
		expect(graded(short, given).correct).toBe(true);
	});

	it('ignores accents', () => {
		const cafe = question({
			id: 'q-cafe',
			type: 'short',
			text: 'Where, according to the article?',
			accepted: ['Café Européen']
		});
		expect(graded(cafe, 'cafe europeen').correct).toBe(true);
	});

	it('marks a different answer wrong and lists every accepted answer', () => {
		expect(graded(short, 'The Guardian')).toMatchObject({
			correct: false,
			responseText: ['The Guardian'],
			answerText: ['The New York Times', 'NYT']
		});
	});

	it('stores the answer trimmed', () => {
		expect(graded(short, '  NYT  ').response).toBe('NYT');
	});

	it('rejects text over 500 characters, and anything that is not text', () => {
		expect(errorFor(short, 'x'.repeat(501))).toBe('Keep your answer to 500 characters or fewer.');
		expect(graded(short, 'x'.repeat(500)).correct).toBe(false);
		expect(errorFor(short, 42)).toBe('Type your answer as text.');
		expect(errorFor(short, ['NYT'])).toBe('Type your answer as text.');
		expect(errorFor(short, ' \n ')).toBe('Answer this question.');
	});
});

describe('gradeAnswer: numeric', () => {
	it.each(['30', '30 %', '30%', '30.0', '30,0', ' 30 ', '+30'])('accepts %j', (given) => {
		expect(graded(numeric, given).correct).toBe(true);
	});

	it('accepts a JSON number and stores it as text', () => {
		expect(graded(numeric, 30)).toMatchObject({ correct: true, response: '30' });
	});

	it('marks a different number wrong and shows the answer with its unit', () => {
		expect(graded(numeric, '29')).toMatchObject({
			correct: false,
			responseText: ['29'],
			answerText: ['30 %']
		});
	});

	it('accepts any value within the tolerance, and shows the tolerance', () => {
		expect(graded(approx, '12.4').correct).toBe(true);
		expect(graded(approx, '11,5').correct).toBe(true);
		expect(graded(approx, '12.6').correct).toBe(false);
		expect(graded(approx, '12').answerText).toEqual(['12 (± 0.5)']);
	});

	it('asks for one number when the text holds none or several', () => {
		expect(errorFor(numeric, 'thirty')).toBe('Enter one number, for example 30, 30.5 or 30,5.');
		expect(errorFor(numeric, '30-40')).toBe('Enter one number, for example 30, 30.5 or 30,5.');
	});

	it('rejects oversized and wrongly typed answers', () => {
		expect(errorFor(numeric, '3'.repeat(501))).toBe('Keep your answer to 500 characters or fewer.');
		expect(errorFor(numeric, true)).toBe('Type your answer as a number.');
		expect(errorFor(numeric, Number.NaN)).toBe('Type your answer as a number.');
		expect(errorFor(numeric, '')).toBe('Answer this question.');
	});
});

describe('gradeAnswer with hostile input', () => {
	const naughty: string[] = JSON.parse(
		readFileSync(new URL('../../../tests/fixtures/data/blns.json', import.meta.url), 'utf8')
	);
	const all = [single, multiple, trueFalse, matching, ordering, short, numeric];
	const shapes = (s: string): unknown[] => [
		s,
		[s],
		{ [s]: s },
		{ __proto__: s },
		JSON.parse(`{"__proto__": ${JSON.stringify(s)}}`)
	];

	it('never throws, and either grades or explains, for every naughty string in every shape', () => {
		for (const q of all) {
			for (const s of naughty) {
				for (const response of shapes(s)) {
					const result = gradeAnswer(q, response);
					if (!result.ok) expect(result.error).toMatch(/^[A-Z].*\.$/);
				}
			}
		}
	});
});

describe('gradeAttempt', () => {
	const questions = [single, trueFalse, short];

	it('grades every answer in question order and totals the score', () => {
		const result = gradeAttempt(questions, {
			'q-tf': 'false',
			'q-single': idOf(single, 'Archive A'),
			'q-short': 'NYT'
		});
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.results.map((r) => [r.questionId, r.correct])).toEqual([
			['q-single', false],
			['q-tf', true],
			['q-short', true]
		]);
		expect(result.score).toEqual({ points: 2, maxPoints: 3, correct: 2, total: 3, percent: 67 });
	});

	it('grades nothing when an answer is unusable, and gives a message per question', () => {
		expect(gradeAttempt(questions, { 'q-single': 'o-bogus', 'q-short': 'x'.repeat(600) })).toEqual({
			ok: false,
			errors: {
				'q-single': 'Choose one of the options shown.',
				'q-tf': 'Answer this question.',
				'q-short': 'Keep your answer to 500 characters or fewer.'
			},
			unanswered: ['q-tf']
		});
	});

	it('ignores fields that are not questions of the attempt', () => {
		const result = gradeAttempt([trueFalse], { 'q-tf': false, csrf: 'token', 'q-other': 'x' });
		expect(result).toMatchObject({ ok: true, score: { correct: 1, total: 1 } });
	});

	it('refuses answers to questions the attempt does not hold when told to, grading nothing', () => {
		const result = gradeAttempt(
			[trueFalse],
			{ 'q-tf': false, 'q-other': 'x' },
			{ others: 'refuse' }
		);
		expect(result).toEqual({
			ok: false,
			errors: { 'q-other': NOT_IN_ATTEMPT },
			unanswered: []
		});
	});

	it('names at most 20 foreign answers, each by at most 100 characters', () => {
		const body: Record<string, unknown> = { 'q-tf': false, ['x'.repeat(300)]: 'y' };
		for (let i = 0; i < 30; i++) body[`q-other-${i}`] = 'x';
		const result = gradeAttempt([trueFalse], body, { others: 'refuse' });
		if (result.ok) throw new Error('expected a refusal');
		expect(Object.keys(result.errors)).toHaveLength(20);
		expect(result.errors['x'.repeat(100)]).toBe(NOT_IN_ATTEMPT);
	});

	it('refuses foreign answers beside the problems of its own questions', () => {
		const result = gradeAttempt(
			[trueFalse],
			{ 'q-other': 'x' },
			{ unanswered: 'wrong', others: 'refuse' }
		);
		expect(result).toEqual({
			ok: false,
			errors: { 'q-other': NOT_IN_ATTEMPT },
			unanswered: ['q-tf']
		});
	});

	it('treats a body that is not an object as nothing answered, without throwing', () => {
		for (const body of [null, 'text', 42, []]) {
			expect(gradeAttempt([trueFalse], body)).toEqual({
				ok: false,
				errors: { 'q-tf': 'Answer this question.' },
				unanswered: ['q-tf']
			});
		}
	});

	it('does not read answers from the prototype chain', () => {
		const body = Object.create({ 'q-tf': false }) as object;
		expect(gradeAttempt([trueFalse], body)).toEqual({
			ok: false,
			errors: { 'q-tf': 'Answer this question.' },
			unanswered: ['q-tf']
		});
	});
});

describe('gradeAttempt with unanswered questions graded as wrong', () => {
	const questions = [single, multiple, trueFalse, matching, ordering, short, numeric];

	it('grades a blank question as wrong, no points, no response, the key shown after submission', () => {
		const result = gradeAttempt(
			questions,
			{ 'q-tf': 'false', 'q-short': '   ', 'q-multiple': [], 'q-matching': {} },
			{ unanswered: 'wrong' }
		);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.unanswered).toEqual([
			'q-single',
			'q-multiple',
			'q-matching',
			'q-ordering',
			'q-short',
			'q-numeric'
		]);
		expect(result.score).toEqual({ points: 1, maxPoints: 7, correct: 1, total: 7, percent: 14 });
		const blank = result.results.find((r) => r.questionId === 'q-numeric')!;
		expect(blank).toMatchObject({
			correct: false,
			points: 0,
			maxPoints: 1,
			response: null,
			responseText: [],
			answerText: ['30 %'],
			explanation: 'Because the article says so.'
		});
		expect(result.results.find((r) => r.questionId === 'q-short')!.answerText).toEqual([
			'The New York Times',
			'NYT'
		]);
	});

	it('still refuses an answer that is given but unusable, or half given', () => {
		const half = new URLSearchParams();
		half.set(fieldName('q-matching', idOf(matching, 'Draft text')), idOf(matching, 'Archive A'));
		expect(
			gradeAttempt([matching, short], responsesFromForm([matching, short], half), {
				unanswered: 'wrong'
			})
		).toEqual({
			ok: false,
			errors: { 'q-matching': 'Choose a match for every item.' },
			unanswered: ['q-short']
		});
		expect(
			gradeAttempt([single], { 'q-single': 'o-bogus' }, { unanswered: 'wrong' })
		).toMatchObject({ ok: false, errors: { 'q-single': 'Choose one of the options shown.' } });
	});

	it('treats a matching or ordering form whose every part is blank as unanswered', () => {
		const parts = { [idOf(ordering, 'Talks')]: '', [idOf(ordering, 'Signing')]: '' };
		expect(
			gradeAttempt([ordering], { 'q-ordering': parts }, { unanswered: 'wrong' })
		).toMatchObject({ ok: true, unanswered: ['q-ordering'], score: { points: 0, total: 1 } });
	});

	it('grades a stored blank (null) as wrong again, and a stored answer as before', () => {
		expect(gradeStoredAnswer(trueFalse, null)).toEqual({
			ok: true,
			result: unansweredResult(trueFalse)
		});
		expect(gradeStoredAnswer(trueFalse, false)).toEqual(gradeAnswer(trueFalse, false));
	});
});

describe('responseFormValues', () => {
	it('refills the form with a saved answer: the same fields the form sent, for every type', () => {
		const questions = [single, multiple, trueFalse, matching, ordering, short, numeric];
		const form = new URLSearchParams();
		form.set(fieldName('q-single'), idOf(single, 'Archive B'));
		form.append(fieldName('q-multiple'), idOf(multiple, 'Reuters'));
		form.append(fieldName('q-multiple'), idOf(multiple, 'BBC'));
		form.set(fieldName('q-tf'), 'false');
		for (const pair of matching.type === 'matching' ? matching.pairs : []) {
			form.set(fieldName('q-matching', idOf(matching, pair.left)), idOf(matching, pair.right));
		}
		['Talks', 'Signing', 'Ratification'].forEach((item, i) =>
			form.set(fieldName('q-ordering', idOf(ordering, item)), String(i + 1))
		);
		form.set(fieldName('q-short'), 'NYT');
		form.set(fieldName('q-numeric'), '30');
		const raw = responsesFromForm(questions, form);
		const refilled = new URLSearchParams();
		for (const q of questions) {
			const stored = graded(q, raw[q.id]).response!;
			for (const [name, value] of Object.entries(responseFormValues(q, stored))) {
				for (const v of Array.isArray(value) ? value : [value]) refilled.append(name, v);
			}
		}
		expect([...refilled].sort()).toEqual([...form].sort());
	});
});

describe('responsesFromForm', () => {
	it('reads a quiz form submitted without JavaScript, named by fieldName, and grades it', () => {
		const questions = [single, multiple, trueFalse, matching, ordering, short, numeric];
		const form = new FormData();
		form.set(fieldName('q-single'), idOf(single, 'Archive B'));
		form.append(fieldName('q-multiple'), idOf(multiple, 'Reuters'));
		form.append(fieldName('q-multiple'), idOf(multiple, 'BBC'));
		form.set(fieldName('q-tf'), 'false');
		for (const pair of matching.type === 'matching' ? matching.pairs : []) {
			form.set(fieldName('q-matching', idOf(matching, pair.left)), idOf(matching, pair.right));
		}
		['Talks', 'Signing', 'Ratification'].forEach((item, i) =>
			form.set(fieldName('q-ordering', idOf(ordering, item)), String(i + 1))
		);
		form.set(fieldName('q-short'), 'the new york times');
		form.set(fieldName('q-numeric'), '30 %');
		form.set('csrf', 'ignored');

		const result = gradeAttempt(questions, responsesFromForm(questions, form));
		expect(result).toMatchObject({ ok: true, score: { correct: 7, total: 7, percent: 100 } });
	});

	it('leaves blank fields out, so they read as unanswered', () => {
		const form = new URLSearchParams({
			'q-short': '',
			[fieldName('q-ordering', idOf(ordering, 'Talks'))]: ''
		});
		expect(responsesFromForm([short, ordering, multiple], form)).toEqual({ 'q-short': '' });
		expect(
			gradeAttempt(
				[short, ordering, multiple],
				responsesFromForm([short, ordering, multiple], form)
			)
		).toEqual({
			ok: false,
			errors: {
				'q-short': 'Answer this question.',
				'q-ordering': 'Answer this question.',
				'q-multiple': 'Answer this question.'
			},
			unanswered: ['q-short', 'q-ordering', 'q-multiple']
		});
	});

	it('reports a half-filled matching form against its question', () => {
		const form = new URLSearchParams();
		form.set(fieldName('q-matching', idOf(matching, 'Draft text')), idOf(matching, 'Archive A'));
		expect(gradeAttempt([matching], responsesFromForm([matching], form))).toEqual({
			ok: false,
			errors: { 'q-matching': 'Choose a match for every item.' },
			unanswered: []
		});
	});
});
