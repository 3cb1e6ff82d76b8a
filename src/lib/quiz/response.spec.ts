import { describe, expect, it } from 'vitest';
import { optionsOf } from './parts';
import { responseSchema } from './response';
import type { QuestionOf } from './schema';

const question = {
	id: 'q1',
	type: 'single',
	text: 'Which is it?',
	explanation: 'The text says so.',
	evidence: { section: 'introduction', quote: 'it is' },
	options: ['A', 'B'],
	answer: 'A'
} as QuestionOf<'single'>;

describe('responseSchema', () => {
	it('builds each question’s schema once, and a new one for a question edited since', () => {
		const first = responseSchema(question);
		expect(responseSchema(structuredClone(question))).toBe(first);
		const edited = { ...question, options: [...question.options, 'C'] };
		const other = responseSchema(edited);
		expect(other).not.toBe(first);
		// Each checks against its own question: the new option is an answer only to the edited one.
		const [a, , c] = optionsOf(edited).map((o) => o.id);
		expect(first.safeParse(c).success).toBe(false);
		expect(other.safeParse(c).success).toBe(true);
		expect(first.safeParse(a).success).toBe(true);
	});
});
