import { describe, expect, it } from 'vitest';
import { questionSchema, type Question, type QuestionType } from '../schema';
import type { ModuleText } from './evidence';
import {
	MESSAGES,
	draftQuestion,
	formOf,
	readQuestionForm,
	valuesFromForm,
	valuesOf,
	type EditorValues
} from './form';

const module: ModuleText = {
	slug: 'the-talks',
	title: 'The talks',
	blocks: [
		{
			type: 'paragraph',
			text: 'Putin told Bush in 2001 that Russia could one day join NATO.',
			line: 12
		},
		{
			type: 'list',
			line: 14,
			items: [{ label: 'Bush', separator: ' – ', text: 'spoke of a new relationship.', line: 14 }]
		}
	]
};
const quote = 'Russia could one day join NATO';
const base = {
	text: 'What did Putin say Russia could one day do?',
	explanation: 'The article reports Putin saying Russia could one day join NATO.',
	evidence: { section: 'the-talks', quote }
};

const examples: Question[] = [
	{
		...base,
		id: 'q-single',
		type: 'single',
		options: ['Join NATO', 'Leave the UN'],
		answer: 'Join NATO'
	},
	{
		...base,
		id: 'q-multiple',
		type: 'multiple',
		options: ['Join NATO', 'Leave the UN', 'Talk to Bush'],
		answers: ['Join NATO', 'Talk to Bush']
	},
	{ ...base, id: 'q-tf', type: 'truefalse', answer: false },
	{
		...base,
		id: 'q-matching',
		type: 'matching',
		pairs: [
			{ left: 'Putin', right: 'NATO' },
			{ left: 'Bush', right: 'A new relationship' }
		]
	},
	{ ...base, id: 'q-ordering', type: 'ordering', items: ['2001', '2008', '2014'] },
	{ ...base, id: 'q-short', type: 'short', accepted: ['NATO', 'the North Atlantic alliance'] },
	{ ...base, id: 'q-numeric', type: 'numeric', answer: 2001, tolerance: 0.5, unit: 'year' }
];

const read = (type: QuestionType, values: EditorValues, id = 'q-new') =>
	readQuestionForm(formOf(values), { type, id, module });
const common = { text: base.text, explanation: base.explanation, quote };
const errorsOf = (type: QuestionType, values: EditorValues) => {
	const result = read(type, { ...common, ...values });
	if (result.ok) throw new Error('expected the form to be refused');
	return result.errors;
};

describe('the question editor form', () => {
	it.each(examples.map((q) => [q.type, q] as const))(
		'reads a %s question back exactly as it filled the form in',
		(type, question) => {
			const result = read(type, valuesOf(question), question.id);
			expect(result).toEqual({ ok: true, question });
			expect(questionSchema.parse(question)).toEqual(question);
		}
	);

	it('reads a real FormData the same way, and echoes what was sent', () => {
		const data = new FormData();
		for (const [name, value] of Object.entries(valuesOf(examples[1]!))) {
			for (const v of Array.isArray(value) ? value : [value]) data.append(name, v);
		}
		expect(readQuestionForm(data, { type: 'multiple', id: 'q-multiple', module })).toEqual({
			ok: true,
			question: examples[1]
		});
		expect(valuesFromForm(data)).toMatchObject({ 'option-3': 'Talk to Bush', correct: ['1', '3'] });
	});

	it('skips empty rows and trims what a teacher typed', () => {
		const result = read('ordering', {
			...common,
			'item-1': ' 2001 ',
			'item-3': '2008',
			'item-8': '2014'
		});
		expect(result.ok && result.question).toMatchObject({ items: ['2001', '2008', '2014'] });
	});

	it('reads a grouped number and an empty tolerance as 0, and leaves out an empty unit', () => {
		const result = read('numeric', { ...common, number: '1,250', tolerance: '', unit: '' });
		expect(result.ok && result.question).toMatchObject({ answer: 1250, tolerance: 0 });
		expect(result.ok && 'unit' in result.question).toBe(false);
	});

	it('asks for the question, the explanation and the quote', () => {
		const errors = read('truefalse', { truth: 'true' });
		expect(errors).toEqual({
			ok: false,
			errors: {
				text: MESSAGES.text,
				explanation: MESSAGES.explanation,
				quote:
					'Choose the passage the answer rests on: select it in the module text, or paste it here.'
			}
		});
	});

	it('says when the question or the explanation is too long', () => {
		const errors = errorsOf('truefalse', {
			truth: 'true',
			text: 'x'.repeat(2001),
			explanation: 'y'.repeat(4001)
		});
		expect(errors).toEqual({ text: MESSAGES.textLong, explanation: MESSAGES.explanationLong });
	});

	describe('choices', () => {
		it('needs two options and a ticked correct one', () => {
			expect(errorsOf('single', { 'option-1': 'Join NATO' })).toEqual({
				options: MESSAGES.fewOptions,
				correct: MESSAGES.noCorrect
			});
			expect(errorsOf('multiple', { 'option-1': 'A', 'option-2': 'B' })).toEqual({
				correct: MESSAGES.noCorrects
			});
		});

		it('refuses a tick on an empty row', () => {
			expect(errorsOf('single', { 'option-1': 'A', 'option-2': 'B', correct: '4' })).toEqual({
				correct: 'Option 4 is ticked as correct but is empty.'
			});
		});

		it('names the row that repeats another, as answers are compared', () => {
			const errors = errorsOf('multiple', {
				'option-1': 'Join NATO',
				'option-2': 'join nato!',
				correct: '1'
			});
			expect(errors).toEqual({ 'option-2': 'Option 2 reads the same as option 1.' });
		});

		it('refuses an option longer than an answer may be', () => {
			const errors = errorsOf('single', {
				'option-1': 'A',
				'option-2': 'b'.repeat(501),
				correct: '1'
			});
			expect(errors).toEqual({ 'option-2': 'Option 2 can be at most 500 characters.' });
		});
	});

	it('asks whether a statement is true or false', () => {
		expect(errorsOf('truefalse', { truth: 'maybe' })).toEqual({ truth: MESSAGES.truth });
	});

	describe('matching', () => {
		it('needs two whole pairs and names a half one', () => {
			expect(
				errorsOf('matching', { 'left-1': 'Putin', 'right-1': 'NATO', 'left-2': 'Bush' })
			).toEqual({ 'pair-2': MESSAGES.halfPair(2), pairs: MESSAGES.fewPairs });
		});

		it('names a match that repeats another', () => {
			const errors = errorsOf('matching', {
				'left-1': 'Putin',
				'right-1': 'NATO',
				'left-2': 'Bush',
				'right-2': 'Nato'
			});
			expect(errors).toEqual({ 'right-2': 'Match 2 reads the same as match 1.' });
		});
	});

	describe('ordering', () => {
		it('needs two items and names a repeated one', () => {
			expect(errorsOf('ordering', { 'item-1': '2001' })).toEqual({ items: MESSAGES.fewItems });
			expect(errorsOf('ordering', { 'item-1': '2001', 'item-2': '2001.' })).toEqual({
				'item-2': 'Item 2 reads the same as item 1.'
			});
		});
	});

	describe('short answer', () => {
		it('needs an accepted answer, at most 20, each with letters or digits', () => {
			expect(errorsOf('short', { accepted: ' \n ' })).toEqual({ accepted: MESSAGES.noAccepted });
			const many = Array.from({ length: 21 }, (_, i) => `answer ${i}`).join('\n');
			expect(errorsOf('short', { accepted: many })).toEqual({ accepted: MESSAGES.manyAccepted });
			expect(errorsOf('short', { accepted: 'NATO\n?!' })).toEqual({
				accepted: MESSAGES.nothingToCompare('?!')
			});
			expect(errorsOf('short', { accepted: 'a'.repeat(501) })).toEqual({
				accepted: 'Accepted answer 1 can be at most 500 characters.'
			});
		});
	});

	describe('number', () => {
		it('needs a number, a tolerance of 0 or more and a short unit', () => {
			expect(errorsOf('numeric', {})).toEqual({ number: MESSAGES.noNumber });
			expect(errorsOf('numeric', { number: 'twelve' })).toEqual({
				number: '“twelve” is not a number: write digits, with a point for decimals (12.5).'
			});
			expect(errorsOf('numeric', { number: '12', tolerance: '-1' })).toEqual({
				tolerance: MESSAGES.tolerance
			});
			expect(errorsOf('numeric', { number: '12', unit: 'u'.repeat(41) })).toEqual({
				unit: MESSAGES.unitLong
			});
		});
	});

	it('builds a draft for the preview from an unfinished form, each choice once', () => {
		const draft = draftQuestion(
			formOf({ text: 'Which?', 'option-1': 'A', 'option-2': 'A', 'option-3': 'B' }),
			{ type: 'single', id: 'preview', module }
		);
		expect(draft).toMatchObject({
			type: 'single',
			text: 'Which?',
			options: ['A', 'B'],
			answer: ''
		});
	});
});
