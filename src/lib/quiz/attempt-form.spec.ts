import { describe, expect, it } from 'vitest';
import { readAttemptForm } from './attempt-form';
import { CONFIRM_UNANSWERED_FIELD } from './field';
import { optionsOf } from './parts';
import { questionSchema, type QuestionOf } from './schema';

const evidence = { section: 'introduction', quote: 'the treaty was signed in 1990' };
const single = questionSchema.parse({
	id: 'q-single',
	type: 'single',
	text: 'Which archive holds the signed copy, according to the article?',
	options: ['Archive A', 'Archive B'],
	answer: 'Archive B',
	explanation: 'Because the article says so.',
	evidence
}) as QuestionOf<'single'>;
const short = questionSchema.parse({
	id: 'q-short',
	type: 'short',
	text: 'Which city, according to the article?',
	accepted: ['Bucharest'],
	explanation: 'Because the article says so.',
	evidence
});

const form = (entries: [string, string][]) => {
	const data = new FormData();
	for (const [k, v] of entries) data.append(k, v);
	return data;
};

describe('readAttemptForm', () => {
	const [, b] = optionsOf(single);

	it('reads each question’s answer, echoes the learner’s own fields and the confirmation count', () => {
		const read = readAttemptForm(
			form([
				['q-single', b!.id],
				['q-short', 'Bucharest'],
				[CONFIRM_UNANSWERED_FIELD, '2']
			]),
			[single, short]
		)!;
		expect(read.responses).toEqual({ 'q-single': b!.id, 'q-short': 'Bucharest' });
		expect(read.values).toEqual({ 'q-single': b!.id, 'q-short': 'Bucharest' });
		expect(read.confirmedUnanswered).toBe(2);
	});

	it('a confirmation that is not a positive whole number counts as none', () => {
		for (const value of ['', '-1', '1.5', 'x'])
			expect(
				readAttemptForm(form([[CONFIRM_UNANSWERED_FIELD, value]]), [single])!.confirmedUnanswered
			).toBe(0);
	});

	it('keeps an answer to a question the attempt does not hold, for the grader to refuse, and does not echo it', () => {
		const read = readAttemptForm(form([['q-elsewhere', 'x']]), [single])!;
		expect(Object.hasOwn(read.responses, 'q-elsewhere')).toBe(true);
		expect(read.values).toEqual({});
	});

	it('refuses a form whose field could be no question’s id, before it becomes a key', () => {
		for (const key of ['__proto__', 'x y', 'Q-UPPER'])
			expect(readAttemptForm(form([[key, 'x']]), [single]), key).toBeNull();
	});

	it('cuts echoed values to 500 characters', () => {
		const read = readAttemptForm(form([['q-short', 'a'.repeat(2000)]]), [short])!;
		expect(read.values['q-short']).toHaveLength(500);
	});
});
