import { describe, expect, it } from 'vitest';
import type { Question } from '../schema';
import { answerSummary } from './summary';

const base = {
	id: 'q',
	text: 'Q?',
	explanation: 'E.',
	evidence: { section: 's', quote: 'x' }
};

describe('a question key in one line', () => {
	it.each<[string, Question, string]>([
		[
			'single',
			{ ...base, type: 'single', options: ['a', 'b'], answer: 'b' },
			'Answer: b (of 2 options)'
		],
		[
			'multiple',
			{ ...base, type: 'multiple', options: ['a', 'b', 'c'], answers: ['a', 'c'] },
			'Answers: a; c (of 3 options)'
		],
		['truefalse', { ...base, type: 'truefalse', answer: false }, 'Answer: false'],
		[
			'matching',
			{
				...base,
				type: 'matching',
				pairs: [
					{ left: 'x', right: '1' },
					{ left: 'y', right: '2' }
				]
			},
			'Pairs: x → 1; y → 2'
		],
		['ordering', { ...base, type: 'ordering', items: ['a', 'b'] }, 'Order: a → b'],
		[
			'short',
			{ ...base, type: 'short', accepted: ['NATO', 'the alliance'] },
			'Accepted: NATO; the alliance'
		],
		[
			'numeric',
			{ ...base, type: 'numeric', answer: 4.2, tolerance: 0.1, unit: 'million' },
			'Answer: 4.2 million (± 0.1)'
		],
		['numeric', { ...base, type: 'numeric', answer: 38, tolerance: 0 }, 'Answer: 38']
	])('sums up a %s question', (_type, question, line) => {
		expect(answerSummary(question)).toBe(line);
	});
});
